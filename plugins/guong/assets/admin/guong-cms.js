/* Our additions to Decap CMS on /admin/, loaded after decap-cms.js (index.html sets
   window.CMS_MANUAL_INIT so Decap waits for them): Vietnamese wording fixes, the `ngay`
   date widget and the `danh-hieu` award widget, then Decap starts. */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;

  // Decap's Vietnamese strings: its fullwidth plus sign (U+FF0B) has no glyph in the Noto and
  // DejaVu fonts and shows as an empty box; some strings are cut short, and about sixty are
  // missing (Decap then shows English): those staff meet are filled in here.
  var FIXES = {
    auth: { login: window.GUONG_LOCAL ? "Bắt đầu biên tập trên máy này" : "Đăng nhập", loginWithForgejo: "Đăng nhập bằng Forgejo" },
    collection: {
      collectionTop: {
        newButton: "Thêm %{collectionLabel}",
        viewAs: "Hiển thị",
        viewAsList: "Dạng danh sách",
        viewAsGrid: "Dạng lưới",
        groupBy: "Nhóm theo",
      },
      groups: { other: "Khác", negateLabel: "Không %{label}" },
    },
    editor: {
      editorControl: { field: { widgetLabel: "Trường %{widgetLabel}" } },
      editorInterface: { togglePreview: "Bật/tắt xem trước", toggleScrollSync: "Cuộn đồng bộ" },
      editorToolbar: { status: "Trạng thái: %{status}" },
      editorWidgets: {
        markdown: {
          bold: "Đậm",
          italic: "Nghiêng",
          strikethrough: "Gạch ngang",
          code: "Mã",
          link: "Liên kết",
          linkPrompt: "Nhập địa chỉ liên kết",
          headings: "Tiêu đề",
          quote: "Trích dẫn",
          bulletedList: "Danh sách dấu chấm",
          numberedList: "Danh sách đánh số",
          addComponent: "Thêm thành phần",
          toggleMode: { rich: "Chuyển sang văn bản định dạng", markdown: "Chuyển sang Markdown" },
        },
        image: { chooseMultiple: "Chọn các hình", addMore: "Thêm hình", removeAll: "Gỡ mọi hình" },
        file: { chooseMultiple: "Chọn các tập tin", addMore: "Thêm tập tin", removeAll: "Gỡ mọi tập tin" },
        list: { add: "Thêm %{item}", addType: "Thêm %{item}" },
        object: { expand: "Mở ra", collapse: "Thu gọn" },
      },
    },
    mediaLibrary: {
      mediaLibraryCard: { copy: "Chép", copyUrl: "Chép địa chỉ", copyPath: "Chép đường dẫn", copyName: "Chép tên", copied: "Đã chép" },
      mediaLibraryModal: { close: "Đóng" },
    },
  };

  function merge(into, from) {
    Object.keys(from).forEach(function (key) {
      if (typeof from[key] === "object") merge((into[key] = into[key] || {}), from[key]);
      else into[key] = from[key];
    });
  }

  var vi = CMS.getLocale("vi");
  merge(vi, FIXES);
  CMS.registerLocale("vi", vi);

  // Dates: typed and shown as dd/mm/yyyy whatever the browser's language (Decap's datetime widget
  // is the browser's own date input), stored as YYYY-MM-DD, with the time kept when the file has
  // one (YYYY-MM-DD HH:MM). Files may hold any form the contract accepts.
  var ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$/;
  var VN = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$/;

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function parts(value) {
    if (value instanceof Date) {
      if (isNaN(value.getTime())) return null;
      return { y: value.getUTCFullYear(), m: value.getUTCMonth() + 1, d: value.getUTCDate(), hh: null };
    }
    var text = String(value === null || value === undefined ? "" : value).trim();
    var m = ISO.exec(text);
    var p = null;
    if (m) p = { y: +m[1], m: +m[2], d: +m[3], hh: m[4], mm: m[5] };
    else if ((m = VN.exec(text))) p = { y: +m[3], m: +m[2], d: +m[1], hh: m[4], mm: m[5] };
    if (!p) return null;
    var day = new Date(Date.UTC(p.y, p.m - 1, p.d));
    if (day.getUTCFullYear() !== p.y || day.getUTCMonth() !== p.m - 1 || day.getUTCDate() !== p.d) return null;
    if (p.hh !== undefined && p.hh !== null && (+p.hh > 23 || +p.mm > 59)) return null;
    p.time = p.hh !== undefined && p.hh !== null ? " " + two(+p.hh) + ":" + p.mm : "";
    return p;
  }

  function shown(value) {
    var p = parts(value);
    if (p) return two(p.d) + "/" + two(p.m) + "/" + p.y + p.time;
    return value === null || value === undefined ? "" : String(value);
  }

  function stored(text) {
    var p = parts(text);
    return p ? p.y + "-" + two(p.m) + "-" + two(p.d) + p.time : text;
  }

  var DateControl = window.createClass({
    getInitialState: function () {
      return { text: shown(this.props.value) };
    },
    componentDidUpdate: function (previous) {
      // A value set from outside (a restored backup, another field's default): show it.
      if (previous.value !== this.props.value && stored(this.state.text.trim()) !== this.props.value) {
        this.setState({ text: shown(this.props.value) });
      }
    },
    handleChange: function (event) {
      var text = event.target.value;
      this.setState({ text: text });
      this.props.onChange(text.trim() === "" ? "" : stored(text.trim()));
    },
    isValid: function () {
      var text = this.state.text.trim();
      if (text === "" || parts(text)) return true;
      return { error: { message: "Ngày phải ghi ngày/tháng/năm, ví dụ 19/05/2025, và có thật trong lịch." } };
    },
    render: function () {
      return h("input", {
        type: "text",
        id: this.props.forID,
        className: this.props.classNameWrapper,
        value: this.state.text,
        placeholder: "ngày/tháng/năm",
        inputMode: "numeric",
        autoComplete: "off",
        onChange: this.handleChange,
        onFocus: this.props.setActiveStyle,
        onBlur: this.props.setInactiveStyle,
      });
    },
  });

  function DatePreview(props) {
    return h("span", null, shown(props.value));
  }

  CMS.registerWidget("ngay", DateControl, DatePreview);

  // Awards: the contract takes a list of text, or of {title, year, by}, or both mixed. Decap's
  // list widget takes one shape (`fields`: every item an object, so text items fail "required";
  // `field`: a Map item reaches the inner widget as map.get(name), i.e. nothing), and a custom
  // format or a preSave listener would need a YAML library and Decap's front matter redone.
  // So `danh-hieu` edits the whole list itself: each item shows a title, a year and an issuer.
  // Nothing is written until staff type in the list, so an untouched list is saved as read;
  // after an edit, each item keeps its form: text stays text unless a year or issuer is added,
  // an object stays an object (its other keys kept). The list is written as plain JS, as in
  // Decap's own custom-widget example (Immutable is not exposed on window).
  var YEAR = /^\d{4}$/;
  var nextKey = 0;

  function plain(value) {
    return value !== null && typeof value === "object" && typeof value.toJS === "function" ? value.toJS() : value;
  }

  function text(value) {
    return value === null || value === undefined ? "" : String(value);
  }

  function rowsOf(value) {
    var items = plain(value);
    return (Array.isArray(items) ? items : []).map(function (item) {
      var object = item !== null && typeof item === "object";
      return {
        key: nextKey++,
        item: item, // as read: written back as is while the row is untouched
        object: object,
        title: text(object ? item.title : item),
        year: text(object ? item.year : null),
        by: text(object ? item.by : null),
      };
    });
  }

  function written(row) {
    if (row.item !== undefined) return row.item;
    var year = row.year.trim();
    var by = row.by.trim();
    if (!row.object && year === "" && by === "") return row.title;
    var award = Object.assign({}, row.object ? row.original : {}, { title: row.title });
    if (year === "") delete award.year;
    else award.year = YEAR.test(year) ? +year : year;
    if (by === "") delete award.by;
    else award.by = row.by;
    return award;
  }

  var AwardsControl = window.createClass({
    getInitialState: function () {
      return { rows: rowsOf(this.props.value) };
    },
    componentDidUpdate: function (previous) {
      // A value set from outside (a restored backup): show it.
      if (previous.value !== this.props.value && this.props.value !== this.sent) {
        this.setState({ rows: rowsOf(this.props.value) });
      }
    },
    change: function (rows) {
      this.setState({ rows: rows });
      this.sent = rows.map(written);
      this.props.onChange(this.sent);
    },
    edit: function (index, key, text) {
      var rows = this.state.rows.slice();
      var row = Object.assign({}, rows[index]);
      if (row.item !== undefined) {
        row.original = plain(row.item);
        row.item = undefined; // touched: rebuilt from the text boxes from now on
      }
      row[key] = text;
      rows[index] = row;
      this.change(rows);
    },
    add: function () {
      this.change(this.state.rows.concat([{ key: nextKey++, object: false, title: "", year: "", by: "" }]));
    },
    remove: function (index) {
      var rows = this.state.rows.slice();
      rows.splice(index, 1);
      this.change(rows);
    },
    move: function (index, by) {
      var rows = this.state.rows.slice();
      rows.splice(index + by, 0, rows.splice(index, 1)[0]);
      this.change(rows);
    },
    isValid: function () {
      var problems = [];
      this.state.rows.forEach(function (row, i) {
        if (row.title.trim() === "") problems.push("danh hiệu thứ " + (i + 1) + " chưa có tên");
        if (row.year.trim() !== "" && !YEAR.test(row.year.trim())) problems.push("năm của danh hiệu thứ " + (i + 1) + " phải là bốn chữ số, ví dụ 2024");
      });
      if (!problems.length) return true;
      var text = problems.join("; ");
      return { error: { message: text.charAt(0).toUpperCase() + text.slice(1) + "." } };
    },
    render: function () {
      var self = this;
      var id = this.props.forID;
      var box = { display: "block", width: "100%", boxSizing: "border-box", padding: "8px 12px", font: "inherit", border: "2px solid #dfdfe3", borderRadius: "5px", background: "#fff" };
      var small = { display: "block", margin: "10px 0 4px", fontSize: "13px", fontWeight: 600, color: "#5d626f" };
      var button = { marginRight: "8px", padding: "4px 10px", font: "inherit", fontSize: "13px", cursor: "pointer" };
      function field(row, i, key, label, extra) {
        var inputId = id + "-" + row.key + "-" + key;
        return [
          h("label", { key: key + "-label", htmlFor: inputId, style: small }, label),
          h(
            "input",
            Object.assign(
              {
                key: key,
                id: inputId,
                type: "text",
                style: box,
                value: row[key],
                autoComplete: "off",
                onChange: function (event) {
                  self.edit(i, key, event.target.value);
                },
                onFocus: self.props.setActiveStyle,
                onBlur: self.props.setInactiveStyle,
              },
              extra || {}
            )
          ),
        ];
      }
      var last = this.state.rows.length - 1;
      var rows = this.state.rows.map(function (row, i) {
        return h(
          "div",
          { key: row.key, role: "group", "aria-label": "Danh hiệu thứ " + (i + 1), style: { padding: "4px 0 12px", borderBottom: "1px solid #dfdfe3", marginBottom: "8px" } },
          field(row, i, "title", "Danh hiệu"),
          field(row, i, "year", "Năm", { inputMode: "numeric", placeholder: "ví dụ 2024" }),
          field(row, i, "by", "Cơ quan khen thưởng"),
          h(
            "div",
            { style: { marginTop: "8px" } },
            h("button", { type: "button", style: button, disabled: i === 0, onClick: function () { self.move(i, -1); } }, "Lên"),
            h("button", { type: "button", style: button, disabled: i === last, onClick: function () { self.move(i, 1); } }, "Xuống"),
            h("button", { type: "button", style: button, onClick: function () { self.remove(i); } }, "Xóa danh hiệu này")
          )
        );
      });
      return h(
        "div",
        { id: id, className: this.props.classNameWrapper },
        rows,
        h("button", { type: "button", style: button, onClick: this.add }, "Thêm danh hiệu")
      );
    },
  });

  function AwardsPreview(props) {
    return h(
      "ul",
      null,
      rowsOf(props.value).map(function (row) {
        var extra = [row.by, row.year].filter(Boolean).join(", ");
        return h("li", { key: row.key }, row.title + (extra ? " (" + extra + ")" : ""));
      })
    );
  }

  CMS.registerWidget("danh-hieu", AwardsControl, AwardsPreview);
  CMS.init();
})();
