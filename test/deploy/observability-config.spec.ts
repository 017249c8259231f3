import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * No promtool or Grafana runs here, so the monitoring configs are checked by
 * structure: they parse, the rule groups are well formed, and every metric an
 * alert or a dashboard panel queries is one some service registers, used as
 * its type allows (quantiles over histogram buckets, rates over counters).
 */
const ROOT = join(__dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

type MetricType = 'counter' | 'gauge' | 'histogram';

/** Every `new Counter|Gauge|Histogram({ name: 'tributary_…' })` in the apps and libraries, by name. */
function registeredMetrics(): Map<string, MetricType> {
  const found = new Map<string, MetricType>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (entry === 'node_modules') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.ts') && !entry.endsWith('.spec.ts')) {
        const source = readFileSync(path, 'utf8');
        for (const match of source.matchAll(
          /new (Counter|Gauge|Histogram)(?:<[^>]*>)?\(\{\s*name: '(tributary_[a-z0-9_]+)'/g,
        ))
          found.set(match[2]!, match[1]!.toLowerCase() as MetricType);
      }
    }
  };
  walk(join(ROOT, 'apps'));
  walk(join(ROOT, 'libs'));
  return found;
}

const metrics = registeredMetrics();

/** The series a query names, each resolved to its metric and the suffix used (_bucket, _count, _sum, or none). */
function seriesOf(expr: string): { series: string; metric: string | undefined; suffix: string }[] {
  return [...new Set(expr.match(/\btributary_[a-z0-9_]+/g) ?? [])].map((series) => {
    if (metrics.has(series)) return { series, metric: series, suffix: '' };
    const match = /^(.+)_(bucket|count|sum)$/.exec(series);
    const base = match && metrics.get(match[1]!) === 'histogram' ? match[1] : undefined;
    return { series, metric: base, suffix: match?.[2] ?? '' };
  });
}

/** Problems of one PromQL expression that a parser would catch or that query the wrong kind of series. */
function problemsOf(expr: string): string[] {
  const problems: string[] = [];
  const depth = { '(': 0, '[': 0, '{': 0 };
  const closing: Record<string, keyof typeof depth> = { ')': '(', ']': '[', '}': '{' };
  for (const char of expr.replace(/"[^"]*"/g, '""')) {
    if (char in depth) depth[char as keyof typeof depth]++;
    if (char in closing && --depth[closing[char]!] < 0) problems.push(`unbalanced ${char}`);
  }
  for (const [open, count] of Object.entries(depth)) if (count !== 0) problems.push(`unbalanced ${open}`);
  for (const { series, metric, suffix } of seriesOf(expr)) {
    if (!metric) {
      problems.push(`${series} is registered by no service`);
      continue;
    }
    const type = metrics.get(metric);
    if (type === 'histogram' && suffix === '')
      problems.push(`${series} is a histogram: query _bucket/_count/_sum`);
    const ratedGauge = new RegExp(`(rate|increase)\\([^()]*\\b${series}\\b`).test(expr) && type === 'gauge';
    if (ratedGauge) problems.push(`${series} is a gauge: rate()/increase() is for counters`);
  }
  for (const quantile of expr.matchAll(/histogram_quantile\(\s*[\d.]+\s*,([^]*)/g)) {
    const first = seriesOf(quantile[1]!)[0];
    if (first?.suffix !== 'bucket') problems.push('histogram_quantile over something other than _bucket');
  }
  return problems;
}

interface Rule {
  alert?: string;
  record?: string;
  expr: unknown;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const alerts = parse(read('deploy/prometheus/alerts.yml')) as { groups: { name: string; rules: Rule[] }[] };
const prometheus = parse(read('deploy/prometheus/prometheus.yml')) as {
  rule_files: string[];
  scrape_configs: {
    job_name: string;
    static_configs?: { targets: string[]; labels?: Record<string, string> }[];
    kubernetes_sd_configs?: { role: string }[];
    relabel_configs?: { source_labels?: string[]; action?: string; regex?: string; target_label?: string }[];
  }[];
};
const dashboard = JSON.parse(read('deploy/grafana/tributary-dashboard.json')) as {
  uid: string;
  title: string;
  panels: {
    id: number;
    type: string;
    title: string;
    gridPos: { x: number; y: number; w: number; h: number };
    targets?: { refId: string; expr: string }[];
  }[];
};
const rules = alerts.groups.flatMap((group) => group.rules);
const ruleNamed = (name: string) => rules.find((rule) => rule.alert === name);

describe('the monitoring configs', () => {
  it('finds the metrics the services register (so the checks below have something to check against)', () => {
    for (const name of [
      'tributary_freshness_seconds',
      'tributary_embedder_stage_duration_seconds',
      'tributary_gateway_search_duration_seconds',
      'tributary_connector_pass_duration_seconds',
      'tributary_finetune_runs_total',
    ])
      expect(metrics.has(name)).toBe(true);
    expect(metrics.get('tributary_freshness_seconds')).toBe('histogram');
  });

  describe('deploy/prometheus/alerts.yml', () => {
    it('has well-formed rule groups: unique names, an expr, a duration, a severity and a summary per alert', () => {
      expect(alerts.groups.length).toBeGreaterThan(0);
      expect(new Set(alerts.groups.map((g) => g.name)).size).toBe(alerts.groups.length);
      const names = rules.map((rule) => rule.alert);
      expect(new Set(names).size).toBe(names.length);
      for (const rule of rules) {
        expect(typeof rule.alert).toBe('string');
        expect(typeof rule.expr).toBe('string');
        expect(rule.for).toMatch(/^\d+[smh]$/);
        expect(['warning', 'critical']).toContain(rule.labels?.severity);
        expect(rule.annotations?.summary).toEqual(expect.any(String));
        expect(
          Object.keys(rule).every((key) => ['alert', 'expr', 'for', 'labels', 'annotations'].includes(key)),
        ).toBe(true);
      }
    });

    it('queries only metrics some service registers, each as its type allows', () => {
      for (const rule of rules)
        expect({ alert: rule.alert, problems: problemsOf(String(rule.expr)) }).toEqual({
          alert: rule.alert,
          problems: [],
        });
    });

    it('alerts on growing and high lag, pending dead letters, slow freshness, a failing connector and a process down', () => {
      expect(ruleNamed('TributaryConsumerLagGrowing')).toMatchObject({
        expr: 'deriv(sum by (group) (tributary_kafka_consumer_lag)[10m:1m]) > 0',
        for: '10m',
      });
      expect(ruleNamed('TributaryConsumerLagHigh')).toMatchObject({ for: '10m' });
      expect(ruleNamed('TributaryDeadLettersPending')).toMatchObject({
        expr: 'tributary_dead_letters_pending > 0',
        for: '5m',
      });
      expect(ruleNamed('TributaryFreshnessP99OverTarget')).toMatchObject({
        expr: 'histogram_quantile(0.99, sum by (le) (rate(tributary_freshness_seconds_bucket[5m]))) > 60',
        for: '10m',
      });
      expect(ruleNamed('TributaryConnectorFailing')).toMatchObject({
        expr: 'tributary_connector_last_run_failed == 1',
        for: '15m',
      });
      expect(String(ruleNamed('TributaryServiceDown')?.expr)).toMatch(/^up\{.*\} == 0$/);
    });

    it('catches a metric no service registers and a quantile over a counter (the check can fail)', () => {
      expect(problemsOf('tributary_no_such_metric > 0')).toEqual([
        'tributary_no_such_metric is registered by no service',
      ]);
      expect(problemsOf('histogram_quantile(0.9, rate(tributary_finetune_runs_total[5m]))')).toEqual([
        'histogram_quantile over something other than _bucket',
      ]);
      expect(problemsOf('rate(tributary_dead_letters_pending[5m]')).toContain('unbalanced (');
      expect(problemsOf('rate(tributary_dead_letters_pending[5m])')).toEqual([
        'tributary_dead_letters_pending is a gauge: rate()/increase() is for counters',
      ]);
    });
  });

  describe('deploy/prometheus/prometheus.yml', () => {
    it('loads the alert rules from a file that exists', () => {
      expect(prometheus.rule_files).toEqual(['alerts.yml']);
      for (const file of prometheus.rule_files)
        expect(existsSync(join(ROOT, 'deploy/prometheus', file))).toBe(true);
    });

    it('scrapes each docker-compose service that serves /metrics on the port it publishes', () => {
      const compose = parse(read('docker-compose.yml'), { merge: true }) as {
        services: Record<string, { ports?: string[] }>;
      };
      const job = prometheus.scrape_configs.find((config) => config.job_name === 'tributary-compose');
      const targets = job?.static_configs?.flatMap((config) => config.targets) ?? [];
      expect(targets.map((target) => target.split(':')[0]).sort()).toEqual([
        'connector-runner',
        'embedder',
        'finetune-scheduler',
        'finetune-worker',
        'ops-console',
        'query-gateway',
      ]);
      for (const target of targets) {
        const [service, port] = target.split(':');
        expect(compose.services[service!]).toBeDefined();
        const published = (compose.services[service!]?.ports ?? []).map((mapping) =>
          mapping.split(':').at(-1),
        );
        // The worker publishes no port: it is scraped on the compose network at its PORT.
        if (published.length > 0) expect({ service, published }).toEqual({ service, published: [port] });
      }
    });

    it('discovers Kubernetes pods by their prometheus.io annotations, with unique job names', () => {
      const names = prometheus.scrape_configs.map((config) => config.job_name);
      expect(new Set(names).size).toBe(names.length);
      const job = prometheus.scrape_configs.find((config) => config.kubernetes_sd_configs);
      expect(job?.kubernetes_sd_configs).toEqual([expect.objectContaining({ role: 'pod' })]);
      const relabels = job?.relabel_configs ?? [];
      expect(relabels).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'],
            action: 'keep',
            regex: 'true',
          }),
          expect.objectContaining({
            source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_path'],
            target_label: '__metrics_path__',
          }),
          expect.objectContaining({
            source_labels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'],
            target_label: '__address__',
          }),
        ]),
      );
      const address = relabels.find((relabel) => relabel.target_label === '__address__');
      expect('10.0.0.7:8080;3001'.replace(new RegExp(`^${address!.regex!}$`), '$1:$2')).toBe('10.0.0.7:3001');
      expect('10.0.0.7;3001'.replace(new RegExp(`^${address!.regex!}$`), '$1:$2')).toBe('10.0.0.7:3001');
    });
  });

  describe('deploy/grafana/tributary-dashboard.json', () => {
    const queryPanels = dashboard.panels.filter((panel) => panel.type !== 'row');

    it('is a dashboard with unique panel ids, each panel inside the 24-column grid with at least one query', () => {
      expect(dashboard.uid).toBe('tributary-overview');
      const ids = dashboard.panels.map((panel) => panel.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const panel of queryPanels) {
        expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
        expect(panel.targets?.length).toBeGreaterThan(0);
      }
    });

    it('queries only metrics some service registers, each as its type allows', () => {
      for (const panel of queryPanels)
        for (const target of panel.targets ?? [])
          expect({ panel: panel.title, problems: problemsOf(target.expr) }).toEqual({
            panel: panel.title,
            problems: [],
          });
    });

    it('shows lag per group, DLQ pending, freshness p50/p99, embedder stages and throughput, query latency by mode, fine-tune runs', () => {
      const exprs = queryPanels.flatMap((panel) => panel.targets ?? []).map((target) => target.expr);
      const shows = (pattern: RegExp) => expect(exprs.some((expr) => pattern.test(expr))).toBe(true);
      shows(/sum by \(group\) \(tributary_kafka_consumer_lag\)/);
      shows(/tributary_dead_letters_pending/);
      shows(/histogram_quantile\(0\.5, .*tributary_freshness_seconds_bucket/);
      shows(/histogram_quantile\(0\.99, .*tributary_freshness_seconds_bucket/);
      shows(
        /histogram_quantile\(0\.95, sum by \(le, stage\) .*tributary_embedder_stage_duration_seconds_bucket/,
      );
      shows(/rate\(tributary_embedder_changes_total/);
      shows(/sum by \(le, mode\) .*tributary_gateway_search_duration_seconds_bucket/);
      shows(/tributary_finetune_runs_total/);
    });
  });
});
