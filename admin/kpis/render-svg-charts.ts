import type { KpiReport } from '../warehouse/kpi-report.js';

const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Revenue per hour as an SVG bar chart (gaps are hours without orders). */
export function revenueByHourSvg(rows: KpiReport['revenueByHour'], width = 900, height = 260): string {
  if (rows.length === 0) return '<p>No orders in this range.</p>';
  const values = rows.map((row) => Number(row.revenue));
  const times = rows.map((row) => Date.parse(String(row.bucket)));
  const first = Math.min(...times);
  const hours = Math.max(1, Math.round((Math.max(...times) - first) / 3_600_000) + 1);
  const max = Math.max(...values, 1);
  const left = 60;
  const bottom = height - 30;
  const barWidth = Math.max(1, (width - left - 10) / hours);
  const bars = rows
    .map((row, index) => {
      const x = left + (Math.round((times[index] as number) - first) / 3_600_000) * barWidth;
      const h = ((values[index] as number) / max) * (bottom - 10);
      return `<rect x="${x.toFixed(1)}" y="${(bottom - h).toFixed(1)}" width="${Math.max(1, barWidth - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="#2f6fde"><title>${escapeXml(String(row.bucket))}: ${escapeXml(String(row.revenue))}</title></rect>`;
    })
    .join('');
  const axis = `<line x1="${left}" y1="${bottom}" x2="${width - 10}" y2="${bottom}" stroke="#888"/><text x="${left - 6}" y="16" text-anchor="end" font-size="11">${max.toFixed(0)}</text><text x="${left - 6}" y="${bottom}" text-anchor="end" font-size="11">0</text><text x="${left}" y="${height - 8}" font-size="11">${escapeXml(new Date(first).toISOString().slice(0, 13))}:00Z</text><text x="${width - 10}" y="${height - 8}" text-anchor="end" font-size="11">${escapeXml(new Date(Math.max(...times)).toISOString().slice(0, 13))}:00Z</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Revenue per hour">${axis}${bars}</svg>`;
}

/** Top products by revenue as horizontal bars. */
export function topProductsSvg(rows: KpiReport['topProducts'], width = 900): string {
  if (rows.length === 0) return '<p>No products sold in this range.</p>';
  const rowHeight = 24;
  const height = rows.length * rowHeight + 10;
  const labelWidth = 300;
  const max = Math.max(...rows.map((row) => Number(row.revenue)), 1);
  const bars = rows
    .map((row, index) => {
      const y = 5 + index * rowHeight;
      const w = (Number(row.revenue) / max) * (width - labelWidth - 90);
      return `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" font-size="12">${escapeXml(`${row.product_name} (${row.product_id})`)}</text><rect x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowHeight - 8}" fill="#1b9e77"/><text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 16}" font-size="12">${escapeXml(String(row.revenue))}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Top products by revenue">${bars}</svg>`;
}

/** A self-contained HTML page (inline SVG, no scripts, no network) with the headline KPIs and two charts. */
export function renderKpiHtml(report: KpiReport, warehouse: string, currency = 'USD'): string {
  const s = report.summary;
  const tiles = [
    ['Revenue', `${s.revenue} ${currency}`],
    ['Orders', String(s.orders)],
    ['Units', String(s.units)],
    ['Average order value', s.aov === null ? '—' : `${s.aov} ${currency}`],
    ['Customers', String(s.customers)],
    [
      'Cart abandonment',
      report.cartAbandonment.abandonmentRate === null ? '—' : `${(report.cartAbandonment.abandonmentRate * 100).toFixed(1)}%`,
    ],
  ]
    .map(
      ([label, value]) =>
        `<div class="tile"><div class="label">${escapeXml(label as string)}</div><div class="value">${escapeXml(value as string)}</div></div>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>E-commerce KPIs</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}h1{margin-bottom:0}.sub{color:#666}.tiles{display:flex;flex-wrap:wrap;gap:1rem;margin:1.5rem 0}.tile{border:1px solid #ddd;border-radius:8px;padding:.8rem 1.2rem;min-width:10rem}.label{color:#666;font-size:.85rem}.value{font-size:1.4rem;font-weight:600}</style>
</head><body>
<h1>E-commerce KPIs</h1>
<p class="sub">${escapeXml(warehouse)} · ${escapeXml(report.range.from)} → ${escapeXml(report.range.to)}</p>
<div class="tiles">${tiles}</div>
<h2>Revenue per hour (UTC)</h2>
${revenueByHourSvg(report.revenueByHour)}
<h2>Top products by revenue</h2>
${topProductsSvg(report.topProducts)}
</body></html>
`;
}
