/* Our additions to Decap CMS on /admin/, loaded after decap-cms.js (index.html sets
   window.CMS_MANUAL_INIT so Decap waits for them): Vietnamese wording fixes and the `ngay`
   date widget, then Decap starts. */
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
  CMS.init();
})();
