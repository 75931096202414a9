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
  var pagefind = null, timer = null, latest = 0, shards = [], solo = {};
  var PAGE = 20;

  // Pagefind's merged index orders results by score, which loses a date order across shards.
  // Shards are slices of time, so a date-ordered search asks the shards one by one, newest
  // (or oldest) first, each through its own instance, until a page of results is full.
  function chronological(newestFirst) {
    var dated = shards.filter(function (s) { return !/^undated/.test(s); });
    dated.sort(function (a, b) {
      var x = a.split("-").map(Number), y = b.split("-").map(Number);
      return x[0] - y[0] || (x[1] || 0) - (y[1] || 0);
    });
    if (newestFirst) dated.reverse();
    return dated.concat(shards.filter(function (s) { return /^undated/.test(s); }));
  }

  async function shardSearch(name, term, options) {
    if (!solo[name]) {  // "?solo": a module of its own, not the merged primary
      solo[name] = await import(base + "pagefind/" + name + "/pagefind.js?solo");
      await solo[name].options({ baseUrl: base });
    }
    return solo[name].search(term, options);
  }

  async function searchByDate(term, options) {
    var total = (await pagefind.search(term, { filters: options.filters })).results.length;
    var results = [];
    var order = chronological(options.sort.date === "desc");
    for (var i = 0; i < order.length && results.length < PAGE; i++) {
      results = results.concat((await shardSearch(order[i], term, options)).results);
    }
    return { results: results, total: total };
  }

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
    var search;
    if (fields.sort.value) {
      options.sort = { date: fields.sort.value === "oldest" ? "asc" : "desc" };
      search = await searchByDate(term || null, options);
    } else {
      var merged = await pagefind.search(term || null, options);
      search = { results: merged.results, total: merged.results.length };
    }
    if (ticket !== latest) return;
    var data = await Promise.all(search.results.slice(0, PAGE).map(function (r) { return r.data(); }));
    if (ticket === latest) show(data, search.total);
  }

  function later() { clearTimeout(timer); timer = setTimeout(run, 150); }

  async function start() {
    // One Pagefind bundle per shard (a year, or part of one); search them all as one index.
    shards = root.dataset.shards.split(" ").filter(Boolean);
    if (!shards.length) throw new Error("no search index");
    pagefind = await import(base + "pagefind/" + shards[0] + "/pagefind.js");
    await pagefind.options({ baseUrl: base });
    for (var i = 1; i < shards.length; i++) {
      await pagefind.mergeIndex(base + "pagefind/" + shards[i] + "/", { baseUrl: base });
    }
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

  // Pagefind (its script, WebAssembly and indexes) is fetched only once a reader means to
  // search: a query in the address, or a hand on the form. The first paint needs none of it.
  var starting = null;
  function wake() {
    if (!starting) {
      status.textContent = "Loading search…";
      starting = start().then(function () {
        if (status.textContent === "Loading search…") status.textContent = "";
      }).catch(function () {
        status.textContent = "Search is not available here. Browse by tag, place or date instead.";
      });
    }
    return starting;
  }
  var asked = new URLSearchParams(location.search);
  if (Object.keys(fields).some(function (key) { return asked.get(key); })) {
    wake();
  } else {
    form.addEventListener("focusin", wake, { once: true });
    form.addEventListener("pointerdown", wake, { once: true });
    form.addEventListener("submit", function (event) { if (!pagefind) { event.preventDefault(); wake(); } });
  }
})();
