import { readTracingSettings, TRACING_LIMITS, TracingSettingsError } from './tracing.settings';

describe('readTracingSettings', () => {
  it('defaults: the given name, every trace recorded, nothing exported, the documented limits', () => {
    expect(readTracingSettings('embedder', {})).toEqual({
      serviceName: 'embedder',
      samplerRatio: 1,
      tracesUrl: undefined,
      maxQueueSize: TRACING_LIMITS.maxQueueSize.default,
      maxExportBatchSize: TRACING_LIMITS.maxExportBatchSize.default,
      scheduleDelayMs: TRACING_LIMITS.scheduleDelayMs.default,
      exportTimeoutMs: TRACING_LIMITS.exportTimeoutMs.default,
    });
  });

  it('OTEL_SERVICE_NAME overrides the name and OTEL_TRACES_SAMPLER_ARG sets the ratio', () => {
    const settings = readTracingSettings('embedder', {
      OTEL_SERVICE_NAME: 'embedder-eu',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    expect(settings).toMatchObject({ serviceName: 'embedder-eu', samplerRatio: 0.25 });
  });

  it('adds /v1/traces to the general endpoint and takes the traces endpoint as given', () => {
    expect(
      readTracingSettings('x', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracesUrl,
    ).toBe('http://collector:4318/v1/traces');
    expect(
      readTracingSettings('x', {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector/custom/path',
      }).tracesUrl,
    ).toBe('https://collector/custom/path');
  });

  it.each([
    ['OTEL_TRACES_SAMPLER_ARG', '1.5', /OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, got "1.5"/],
    ['OTEL_TRACES_SAMPLER_ARG', 'half', /OTEL_TRACES_SAMPLER_ARG must be a number/],
    ['OTEL_TRACES_SAMPLER', 'always_off', /OTEL_TRACES_SAMPLER must be unset or "parentbased_traceidratio"/],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318', /OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'not a url', /OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http/],
    ['OTEL_BSP_MAX_QUEUE_SIZE', '0', /OTEL_BSP_MAX_QUEUE_SIZE must be an integer from 1 to 65536, got "0"/],
    [
      'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
      '10000',
      /OTEL_BSP_MAX_EXPORT_BATCH_SIZE must be an integer from 1 to 8192/,
    ],
    ['OTEL_BSP_SCHEDULE_DELAY', '2.5', /OTEL_BSP_SCHEDULE_DELAY must be an integer/],
    ['OTEL_BSP_EXPORT_TIMEOUT', '99', /OTEL_BSP_EXPORT_TIMEOUT must be an integer from 100 to 60000/],
    ['OTEL_SERVICE_NAME', 'has space', /OTEL_SERVICE_NAME must be 1–128 letters/],
  ])('refuses %s=%s naming the setting', (name, value, message) => {
    expect(() => readTracingSettings('x', { [name]: value })).toThrow(TracingSettingsError);
    expect(() => readTracingSettings('x', { [name]: value })).toThrow(message);
  });

  it('refuses an export batch larger than the queue', () => {
    expect(() =>
      readTracingSettings('x', { OTEL_BSP_MAX_QUEUE_SIZE: '100', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '200' }),
    ).toThrow(/OTEL_BSP_MAX_EXPORT_BATCH_SIZE \(200\) must not exceed OTEL_BSP_MAX_QUEUE_SIZE \(100\)/);
  });
});
