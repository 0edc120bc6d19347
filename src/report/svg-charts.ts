import { escapeHtml } from './html-escape.js';

export interface Bar {
  label: string;
  value: number;
  color: string;
}

/** Horizontal bars, one per entry, labelled with name and count. */
export function barChartSvg(bars: readonly Bar[], title: string): string {
  const rowHeight = 26;
  const labelWidth = 170;
  const barSpace = 460;
  const width = labelWidth + barSpace + 90;
  const height = Math.max(1, bars.length) * rowHeight + 10;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const rows = bars.map((bar, index) => {
    const y = 5 + index * rowHeight;
    const barWidth = bar.value === 0 ? 0 : Math.max(2, Math.round((bar.value / max) * barSpace));
    return (
      `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${escapeHtml(bar.label)}</text>` +
      `<rect x="${labelWidth}" y="${y + 3}" width="${barWidth}" height="${rowHeight - 8}" fill="${escapeHtml(bar.color)}"/>` +
      `<text x="${labelWidth + barWidth + 6}" y="${y + 17}">${bar.value.toLocaleString('en-US')}</text>`
    );
  });
  return svg(width, height, title, rows.join(''));
}

export interface TimePoint {
  at: string;
  value: number;
}

/** Vertical bars over time, one per bucket from `from` to `to`, empty buckets drawn as gaps. */
export function timeBarsSvg(points: readonly TimePoint[], options: { title: string; from: string; to: string; bucketSeconds: number; color: string; unit: string }): string {
  const width = 720;
  const height = 200;
  const left = 50;
  const bottom = 30;
  const plotWidth = width - left - 10;
  const plotHeight = height - bottom - 20;
  const start = Date.parse(options.from);
  const bucketMs = options.bucketSeconds * 1000;
  const buckets = Math.max(1, Math.ceil((Date.parse(options.to) - start) / bucketMs) + 1);
  const slot = plotWidth / buckets;
  const max = Math.max(1, ...points.map((point) => point.value));
  const bars = points.map((point) => {
    const index = Math.min(buckets - 1, Math.max(0, Math.floor((Date.parse(point.at) - start) / bucketMs)));
    const barHeight = Math.max(1, (point.value / max) * plotHeight);
    const x = left + index * slot;
    return `<rect x="${x.toFixed(1)}" y="${(20 + plotHeight - barHeight).toFixed(1)}" width="${Math.max(1, slot - 1).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${escapeHtml(options.color)}"><title>${escapeHtml(`${point.at}: ${point.value} ${options.unit}`)}</title></rect>`;
  });
  const axes =
    `<line x1="${left}" y1="${20 + plotHeight}" x2="${width - 10}" y2="${20 + plotHeight}" stroke="#888"/>` +
    `<text x="${left - 6}" y="26" text-anchor="end">${max.toLocaleString('en-US')}</text>` +
    `<text x="${left - 6}" y="${20 + plotHeight}" text-anchor="end">0</text>` +
    `<text x="${left}" y="${height - 8}">${escapeHtml(clockTime(options.from))}</text>` +
    `<text x="${width - 10}" y="${height - 8}" text-anchor="end">${escapeHtml(clockTime(options.to))}</text>` +
    `<text x="${left + plotWidth / 2}" y="${height - 8}" text-anchor="middle">${escapeHtml(`${options.unit} per ${describeSeconds(options.bucketSeconds)}`)}</text>`;
  return svg(width, height, options.title, axes + bars.join(''));
}

function svg(width: number, height: number, title: string, body: string): string {
  return `<svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><title>${escapeHtml(title)}</title>${body}</svg>`;
}

function clockTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function describeSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? 'hour' : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? 'minute' : `${seconds / 60} minutes`;
  return seconds === 1 ? 'second' : `${seconds} seconds`;
}
