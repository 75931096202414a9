// The search page: Pagefind's JavaScript API with filters by place, tag and year, and a
// choice of order. The query lives in the address (?q=…&place=…), so results can be shared.
(function () {
  var root = document.getElementById("search");
  if (!root) return;
  var base = root.dataset.base;
  var form = root.querySelector("form");
  var fields = {
    q: document.getElementById("search-q"), place: document.getElementById("search-place"),
    tag: document.getElementById("search-tag"), year: document.getElementById("search-year"),
    sort: document.getElementById("search-sort")
  };
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var pagefind = null, timer = null, latest = 0;
  var PAGE = 20;

  function fill(select, counts, newestFirst) {
    var names = Object.keys(counts || {}).sort(function (a, b) { return a.localeCompare(b); });
    if (newestFirst) names.reverse();
    names.forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      option.textContent = name + " (" + counts[name] + ")";
      select.appendChild(option);
    });
  }

  function excerpt(html) {
    // Pagefind marks matches with <mark>; keep those, treat everything else as text.
    var out = document.createElement("p");
    html.split(/(<mark>.*?<\/mark>)/).forEach(function (part) {
      var match = /^<mark>(.*)<\/mark>$/.exec(part);
      var decoder = document.createElement("textarea");  // decodes entities, runs nothing
      decoder.innerHTML = match ? match[1] : part;
      var text = decoder.value;
      if (match) { var mark = document.createElement("mark"); mark.textContent = text; out.appendChild(mark); }
      else { out.appendChild(document.createTextNode(text)); }
    });
    return out;
  }

  function show(results, total) {
    list.textContent = "";
    results.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = data.meta.title || data.url;
      item.appendChild(link);
      if (data.meta.date) {
        var date = document.createElement("span");
        date.className = "meta";
        date.textContent = data.meta.date;
        item.appendChild(date);
      }
      item.appendChild(excerpt(data.excerpt || ""));
      list.appendChild(item);
    });
    status.textContent = total === 0 ? "No articles found." :
      total + (total === 1 ? " article found" : " articles found") + (total > PAGE ? "; showing the first " + PAGE + "." : ".");
  }

  async function run() {
    var ticket = ++latest;
    var params = new URLSearchParams();
    Object.keys(fields).forEach(function (key) { if (fields[key].value) params.set(key, fields[key].value); });
    history.replaceState(null, "", params.toString() ? "?" + params : location.pathname);
    var term = fields.q.value.trim();
    var filters = {};
    ["place", "tag", "year"].forEach(function (key) { if (fields[key].value) filters[key] = fields[key].value; });
    if (!term && !Object.keys(filters).length) { list.textContent = ""; status.textContent = ""; return; }
    var options = { filters: filters };
    if (fields.sort.value) options.sort = { date: fields.sort.value === "oldest" ? "asc" : "desc" };
    var search = await pagefind.search(term || null, options);
    if (ticket !== latest || !search) return;
    var data = await Promise.all(search.results.slice(0, PAGE).map(function (r) { return r.data(); }));
    if (ticket === latest) show(data, search.results.length);
  }

  function later() { clearTimeout(timer); timer = setTimeout(run, 150); }

  async function start() {
    pagefind = await import(base + "pagefind/pagefind.js");
    await pagefind.options({ baseUrl: base });
    var filters = await pagefind.filters();
    fill(fields.place, filters.place);
    fill(fields.tag, filters.tag);
    fill(fields.year, filters.year, true);
    var params = new URLSearchParams(location.search);
    Object.keys(fields).forEach(function (key) { if (params.get(key)) fields[key].value = params.get(key); });
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    fields.q.addEventListener("input", later);
    ["place", "tag", "year", "sort"].forEach(function (key) { fields[key].addEventListener("change", run); });
    root.classList.add("search-ready");
    run();
  }

  start().catch(function () {
    status.textContent = "Search is not available here. Browse by tag, place or date instead.";
  });
})();
