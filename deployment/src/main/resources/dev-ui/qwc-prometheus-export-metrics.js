import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import { columnBodyRenderer } from '@vaadin/grid/lit.js';
import '@vaadin/grid';
import '@vaadin/grid/vaadin-grid-sort-column.js';
import '@vaadin/text-field';
import '@vaadin/icon';

/**
 * Prometheus Export: where the metrics are served, the last scrape of each endpoint, and the metric families with
 * their series and their label with the most values. Everything is read when the page asks (on load, on a filter
 * change, and every few seconds while the page is open), never in the background.
 */
export class QwcPrometheusExportMetrics extends LitElement {

    jsonRpc = new JsonRpc(this);

    static REFRESH_MILLIS = 5000;

    static styles = css`
        :host {
            display: flex;
            flex-direction: column;
            gap: 12px;
            padding: 0 10px 10px 10px;
            height: 100%;
        }
        .panels {
            display: flex;
            flex-wrap: wrap;
            gap: 24px;
        }
        .panel h3 {
            margin: 4px 0;
            font-size: var(--lumo-font-size-m);
        }
        .panel dl {
            display: grid;
            grid-template-columns: max-content auto;
            gap: 2px 12px;
            margin: 0;
        }
        .panel dt {
            color: var(--lumo-contrast-60pct);
        }
        .panel dd {
            margin: 0;
        }
        .status {
            max-width: 60em;
            color: var(--lumo-contrast-70pct);
        }
        .toolbar {
            display: flex;
            align-items: center;
            gap: 16px;
        }
        .filter {
            width: 30em;
        }
        .summary {
            color: var(--lumo-contrast-70pct);
        }
        .error {
            color: var(--lumo-error-text-color);
        }
        vaadin-grid {
            flex: 1;
            min-height: 300px;
        }
        code {
            font-size: 90%;
        }
    `;

    static properties = {
        _endpoints: { state: true },
        _scrapes: { state: true },
        _families: { state: true },
        _error: { state: true },
        _filter: { state: true },
    };

    constructor() {
        super();
        this._filter = '';
        this._families = null;
        this._inFlight = false;
        this._pending = false;
    }

    connectedCallback() {
        super.connectedCallback();
        this.jsonRpc.getEndpoints()
            .then(response => this._endpoints = response.result)
            .catch(e => this._error = JsonRpcErrors.message(e));
        this._refresh();
        this._timer = setInterval(() => this._refresh(), QwcPrometheusExportMetrics.REFRESH_MILLIS);
    }

    disconnectedCallback() {
        clearInterval(this._timer);
        clearTimeout(this._debounce);
        super.disconnectedCallback();
    }

    _refresh() {
        if (this._inFlight) {
            // A large registry answers slowly: never queue requests behind one another, ask once more at the end.
            this._pending = true;
            return;
        }
        this._inFlight = true;
        this._pending = false;
        const filter = this._filter;
        Promise.all([
            this.jsonRpc.getFamilies({ filter: filter }).then(response => {
                if (filter === this._filter) {
                    this._families = response.result;
                    this._error = response.result.error;
                }
            }),
            this.jsonRpc.getLastScrapes().then(response => this._scrapes = response.result),
        ]).catch(e => this._error = JsonRpcErrors.message(e))
            .finally(() => {
                this._inFlight = false;
                if (this._pending) {
                    this._refresh();
                }
            });
    }

    _filterChanged(value) {
        this._filter = value;
        clearTimeout(this._debounce);
        this._debounce = setTimeout(() => this._refresh(), 300);
    }

    render() {
        return html`
            <div class="panels">
                ${this._renderEndpoints()}
                ${this._renderScrapes()}
            </div>
            <div class="toolbar">
                <vaadin-text-field class="filter" id="filter" clear-button-visible
                    placeholder="Filter families by name (regular expression, e.g. ^http_server)"
                    .value=${this._filter}
                    @value-changed=${e => this._filterChanged(e.detail.value || '')}>
                    <vaadin-icon slot="prefix" icon="font-awesome-solid:magnifying-glass"></vaadin-icon>
                </vaadin-text-field>
                ${this._renderSummary()}
            </div>
            ${this._error ? html`<div class="error" id="error">${this._error}</div>` : ''}
            <vaadin-grid id="families" theme="row-stripes compact" .items=${this._families ? this._families.families : []}>
                <vaadin-grid-sort-column path="name" header="Family" auto-width resizable
                    ${columnBodyRenderer(f => html`<code class="family">${f.name}</code>`, [])}></vaadin-grid-sort-column>
                <vaadin-grid-sort-column path="type" header="Type" auto-width></vaadin-grid-sort-column>
                <vaadin-grid-sort-column path="series" header="Series" auto-width text-align="end"></vaadin-grid-sort-column>
                <vaadin-grid-sort-column path="topLabelValues" header="Label with most values" auto-width
                    ${columnBodyRenderer(f => f.topLabel
                            ? html`<code>${f.topLabel}</code> (${f.topLabelValues})` : html`—`, [])}></vaadin-grid-sort-column>
                <vaadin-grid-column path="help" header="Help" resizable></vaadin-grid-column>
            </vaadin-grid>`;
    }

    _renderSummary() {
        const f = this._families;
        if (!f || f.error) {
            return html`<span class="summary" id="summary">${f ? '' : 'Loading…'}</span>`;
        }
        const shown = f.truncated
            ? html`; showing the ${f.limit} with the most series (narrow the filter to see the others)` : '';
        return html`<span class="summary" id="summary">${f.matched} of ${f.total} families,
            ${f.matchedSeries} series${shown}</span>`;
    }

    _renderEndpoints() {
        const e = this._endpoints;
        if (!e) {
            return html`<div class="panel"><h3>Where the metrics are served</h3>Loading…</div>`;
        }
        const exporter = e.exporter;
        return html`
            <div class="panel" id="endpoints">
                <h3>Where the metrics are served</h3>
                <dl>
                    <dt>Route</dt>
                    <dd><a href="${e.route.url}" target="_blank" id="route-url">${e.route.url}</a>
                        (${e.route.server === 'management' ? 'management interface' : 'main HTTP server'})</dd>
                    <dt>Dedicated exporter</dt>
                    <dd>${exporter.configured
                        ? html`<code>${exporter.key}=${exporter.value}</code> on ${exporter.address},
                            path <code>${exporter.path}</code>${exporter.tls ? html`, TLS <code>${exporter.tls}</code>` : ''},
                            authentication: ${exporter.authentication}`
                        : 'not configured'}</dd>
                </dl>
                <div class="status" id="exporter-status">${exporter.status}</div>
            </div>`;
    }

    _renderScrapes() {
        const scrapes = this._scrapes;
        return html`
            <div class="panel" id="scrapes">
                <h3>Last scrape</h3>
                ${!scrapes ? 'Loading…' : scrapes.map(s => html`
                    <dl>
                        <dt>Endpoint</dt><dd>${s.endpoint} (${s.scrapes} scrapes so far)</dd>
                        ${s.last ? html`
                            <dt>Duration</dt><dd>${s.last.durationMillis.toFixed(2)} ms</dd>
                            <dt>Size</dt><dd>${Bytes.format(s.last.bytes)}${s.last.gzip ? ' (before gzip)' : ''}</dd>
                            <dt>Format</dt><dd><code>${s.last.contentType ?? '—'}</code></dd>
                            <dt>Result</dt><dd>${s.last.result}</dd>
                            <dt>At</dt><dd>${new Date(s.last.finishedAtMillis).toLocaleTimeString()}</dd>`
                        : html`<dt></dt><dd>not scraped yet: open the route's URL or point Prometheus at it</dd>`}
                    </dl>`)}
            </div>`;
    }
}

class Bytes {
    static format(bytes) {
        if (bytes < 1024) {
            return `${bytes} B`;
        }
        if (bytes < 1024 * 1024) {
            return `${(bytes / 1024).toFixed(1)} KiB (${bytes} B)`;
        }
        return `${(bytes / 1024 / 1024).toFixed(2)} MiB (${bytes} B)`;
    }
}

class JsonRpcErrors {
    static message(e) {
        return e && e.error && e.error.message ? e.error.message : String(e);
    }
}

customElements.define('qwc-prometheus-export-metrics', QwcPrometheusExportMetrics);
