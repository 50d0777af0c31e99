'use strict';
// The status page: reads the JSON API of this endpoint, renders it with DOM calls only (names come
// from brokers and clients, so nothing is parsed as HTML), and refreshes every 5 s. The topic list is
// read only when asked for: with a million topics every page of it is a search of the whole table.

const REFRESH_MILLIS = 5000;
const PAGE = 100;
const brokerPaging = { offset: 0, total: 0 };
const topicPaging = { offset: 0, total: 0 };
let shownTopic = null;

function $(id) {
  return document.getElementById(id);
}

async function api(path) {
  const response = await fetch(path, { cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) {
    const error = new Error(body.error || response.statusText);
    error.status = response.status;
    throw error;
  }
  return body;
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text === undefined || text === null ? '' : String(text);
  if (className) {
    td.className = className;
  }
  row.appendChild(td);
  return td;
}

function fill(tbody, items, renderRow) {
  const rows = document.createDocumentFragment();
  items.forEach(item => renderRow(rows, item));
  tbody.replaceChildren(rows);
}

function newRow(rows) {
  const tr = document.createElement('tr');
  rows.appendChild(tr);
  return tr;
}

function duration(millis) {
  if (millis < 1000) {
    return millis + ' ms';
  }
  const seconds = millis / 1000;
  return seconds < 120 ? seconds.toFixed(1) + ' s' : (seconds / 60).toFixed(1) + ' min';
}

function permText(perm) {
  const parts = [];
  if (perm & 4) parts.push('read');
  if (perm & 2) parts.push('write');
  if (perm & 1) parts.push('inherit');
  return perm + ' (' + (parts.length ? parts.join(', ') : 'none') + ')';
}

function pagingText(page, shown) {
  if (page.total === 0) {
    return 'none';
  }
  return (page.offset + 1) + '–' + (page.offset + shown) + ' of ' + page.total;
}

function showError(message) {
  const banner = $('status-error');
  banner.textContent = message;
  banner.hidden = !message;
}

function renderOverview(o) {
  $('ready').textContent = o.ready ? 'ready' : 'not ready';
  $('ready').className = 'badge ' + (o.ready ? 'ok' : 'bad');
  $('server-time').textContent = 'server time ' + o.time;
  $('store-type').textContent = o.storeType;
  const store = o.store;
  $('store-state').textContent = store ? store.state : 'not open';
  $('store-state').className = 'badge ' + (store && store.state === 'in-step' ? 'ok' : 'bad');
  $('store-detail').textContent = !store ? 'The store is not open yet.'
    : 'backlog ' + store.backlog + ', last write ' + (store.lastWrite || 'none since start')
      + (store.state === 'behind' ? ', behind since ' + store.behindSince + ': ' + store.cause : '');
  if (o.tables) {
    $('count-clusters').textContent = o.tables.clusters;
    $('count-broker-groups').textContent = o.tables.brokerGroups;
    $('count-broker-addresses').textContent = o.tables.brokerAddresses;
    $('count-topics').textContent = o.tables.topics;
    renderClusterChoice(o.clusters);
  }
  renderRequests(o.requests);
}

function renderClusterChoice(clusters) {
  const select = $('broker-cluster');
  const chosen = select.value;
  const options = [new Option('all', '')];
  clusters.forEach(c => options.push(new Option(c.name + ' (' + c.brokerGroups + ')', c.name)));
  select.replaceChildren(...options);
  select.value = clusters.some(c => c.name === chosen) ? chosen : '';
}

function renderRequests(requests) {
  const seconds = requests.windowMillis / 1000;
  $('request-window').textContent = seconds > 0 ? 'over the last ' + seconds.toFixed(0) + ' s' : 'no sample yet';
  fill($('request-rows'), requests.byCode, (rows, r) => {
    const tr = newRow(rows);
    cell(tr, r.code);
    cell(tr, r.name);
    cell(tr, r.count, 'num');
    cell(tr, seconds > 0 ? (r.count / seconds).toFixed(2) : '', 'num');
    cell(tr, r.errors, 'num').classList.toggle('bad', r.errors > 0);
    cell(tr, Object.entries(r.results).map(([result, n]) => result + ' ' + n).join(', '));
  });
}

async function loadBrokers() {
  const params = new URLSearchParams({ offset: brokerPaging.offset, limit: PAGE });
  if ($('broker-cluster').value) params.set('cluster', $('broker-cluster').value);
  if ($('broker-prefix').value) params.set('prefix', $('broker-prefix').value);
  const page = await api('/api/brokers?' + params);
  brokerPaging.total = page.total;
  $('broker-paging').textContent = pagingText(page, page.brokerGroups.length);
  fill($('broker-rows'), page.brokerGroups, (rows, group) => {
    group.addresses.forEach((a, i) => {
      const tr = newRow(rows);
      tr.dataset.brokerName = group.brokerName;
      tr.dataset.address = a.address;
      if (i === 0) {
        tr.className = 'group-start';
      }
      cell(tr, i === 0 ? group.cluster : '');
      cell(tr, i === 0 ? group.brokerName + (group.zone ? ' (zone ' + group.zone + ')' : '') : '');
      cell(tr, i === 0 ? group.topics : '', 'num');
      cell(tr, a.brokerId, 'num');
      cell(tr, a.role);
      cell(tr, a.address);
      if (a.live) {
        cell(tr, a.lastHeard);
        cell(tr, duration(a.ageMillis), 'num');
        cell(tr, duration(a.heartbeatTimeoutMillis), 'num');
        cell(tr, 'state ' + a.dataVersion.stateVersion + ', counter ' + a.dataVersion.counter
          + ', at ' + new Date(a.dataVersion.timestamp).toISOString());
      } else {
        cell(tr, 'not heard', 'bad');
        cell(tr, '');
        cell(tr, '');
        cell(tr, '');
      }
    });
  });
}

async function loadTopics() {
  const params = new URLSearchParams({ offset: topicPaging.offset, limit: PAGE });
  if ($('topic-prefix').value) params.set('prefix', $('topic-prefix').value);
  const page = await api('/api/topics?' + params);
  topicPaging.total = page.total;
  $('topic-paging').textContent = pagingText(page, page.topics.length);
  fill($('topic-rows'), page.topics, (rows, t) => {
    const tr = newRow(rows);
    const link = document.createElement('a');
    link.className = 'topic';
    link.textContent = t.topic;
    link.addEventListener('click', () => {
      $('route-topic').value = t.topic;
      reportingErrors(lookUp(t.topic));
    });
    tr.appendChild(document.createElement('td')).appendChild(link);
    cell(tr, t.queueDatas.map(q => q.brokerName + ' ' + q.readQueueNums + '/' + q.writeQueueNums + ' perm ' + q.perm).join('; '));
  });
}

async function lookUp(topic) {
  shownTopic = topic;
  let route;
  try {
    route = await api('/api/route?' + new URLSearchParams({ topic }));
  } catch (e) {
    if (e.status !== 404) {
      throw e;
    }
    $('route-message').textContent = e.message;
    $('route-result').hidden = true;
    return;
  }
  const addresses = {};
  route.brokerDatas.forEach(b => {
    addresses[b.brokerName] = Object.entries(b.brokerAddrs).map(([id, addr]) => id + '=' + addr).join(', ');
  });
  $('route-message').textContent = route.queueDatas.length + ' broker group(s) serve ' + topic;
  fill($('route-queues'), route.queueDatas, (rows, q) => {
    const tr = newRow(rows);
    tr.dataset.brokerName = q.brokerName;
    cell(tr, q.brokerName);
    cell(tr, q.readQueueNums, 'num');
    cell(tr, q.writeQueueNums, 'num');
    cell(tr, permText(q.perm));
    cell(tr, addresses[q.brokerName] || '');
  });
  $('route-json').textContent = JSON.stringify(route, null, 2);
  $('route-result').hidden = false;
}

async function loadKv() {
  const page = await api('/api/kv?limit=' + PAGE);
  $('kv-paging').textContent = page.total > page.namespaces.length ? pagingText(page, page.namespaces.length) : '';
  fill($('kv-rows'), page.namespaces, (rows, n) => {
    const tr = newRow(rows);
    cell(tr, n.namespace);
    cell(tr, n.keys, 'num');
  });
}

async function refresh() {
  try {
    renderOverview(await api('/api/overview'));
    await Promise.all([loadBrokers(), loadKv(), shownTopic ? lookUp(shownTopic) : null]);
    showError('');
    $('refreshed').textContent = 'refreshed ' + new Date().toLocaleTimeString();
  } catch (e) {
    showError(e.message);
  } finally {
    setTimeout(refresh, REFRESH_MILLIS);
  }
}

function reportingErrors(promise) {
  promise.catch(e => showError(e.message));
}

function page(paging, step, load) {
  const next = paging.offset + step * PAGE;
  if (next >= 0 && (step < 0 || next < paging.total)) {
    paging.offset = next;
    reportingErrors(load());
  }
}

/** The search form {name}-form with its {name}-prev and {name}-next buttons over one paged list. */
function pagedList(name, paging, load) {
  const fromStart = () => {
    paging.offset = 0;
    reportingErrors(load());
  };
  $(name + '-form').addEventListener('submit', event => {
    event.preventDefault();
    fromStart();
  });
  $(name + '-prev').addEventListener('click', () => page(paging, -1, load));
  $(name + '-next').addEventListener('click', () => page(paging, 1, load));
  return fromStart;
}

document.addEventListener('DOMContentLoaded', () => {
  $('broker-cluster').addEventListener('change', pagedList('broker', brokerPaging, loadBrokers));
  pagedList('topic', topicPaging, loadTopics)();
  $('route-form').addEventListener('submit', event => {
    event.preventDefault();
    reportingErrors(lookUp($('route-topic').value.trim()));
  });
  refresh();
});
