// A second, independent feed parser for the tests: rss-parser (xml2js) on Node.
// Usage: node parse_feed.js FILE...  -> JSON list of {title, link, items: [...]}, one per file.
const fs = require("fs");
const Parser = require("rss-parser");

const parser = new Parser({
  customFields: { item: ["dc:creator", "media:content", ["itunes:duration", "duration"]] },
});

async function main() {
  const out = [];
  for (const file of process.argv.slice(2)) {
    const feed = await parser.parseString(fs.readFileSync(file, "utf8"));
    out.push({
      file,
      title: feed.title,
      link: feed.link,
      description: feed.description || null,
      items: feed.items.map((i) => ({
        title: i.title,
        link: i.link,
        id: i.guid || i.id,
        isoDate: i.isoDate,
        enclosure: i.enclosure || null,
        duration: i.duration || null,
        content: i.content || null, // RSS description, Atom content: HTML
        contentEncoded: i["content:encoded"] || null,
        summary: i.summary || null,
        creator: i["dc:creator"] || i.creator || null,
      })),
    });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack || err));
  process.exit(1);
});
