import { z } from 'zod';
import { kafkaSettings, httpSettings } from './common-settings';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

const schema = z.object({ ...kafkaSettings, ...httpSettings(3000) });

describe('loadConfig', () => {
  it('applies defaults for an empty environment', () => {
    expect(loadConfig('app', schema, {})).toEqual({
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_CLIENT_ID: 'tributary',
      PORT: 3000,
      HOST: '0.0.0.0',
    });
  });

  it('splits a comma-separated broker list', () => {
    expect(loadConfig('app', schema, { KAFKA_BROKERS: 'a:1, b:2' }).KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
  });

  it('names every invalid setting in one error', () => {
    expect(() => loadConfig('gateway', schema, { KAFKA_BROKERS: 'nohost', PORT: '99999' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig('gateway', schema, { KAFKA_BROKERS: 'nohost', PORT: '99999' });
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
      expect((error as ConfigError).message).toMatch(
        /gateway: invalid configuration[\s\S]*KAFKA_BROKERS[\s\S]*PORT/,
      );
    }
  });
});
