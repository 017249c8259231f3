import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { isKafkaUnreachable } from './kafka-errors';

describe('isKafkaUnreachable', () => {
  it('sees a connection error wrapped in a retries-exceeded error', () => {
    const cause = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1');
    expect(
      isKafkaUnreachable(new KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 2, retryTime: 600 })),
    ).toBe(true);
  });

  it('sees a refused socket', () => {
    expect(
      isKafkaUnreachable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
  });

  it('does not take a broker answering with an error for an unreachable one', () => {
    expect(
      isKafkaUnreachable(new KafkaJSProtocolError('This server does not host this topic-partition')),
    ).toBe(false);
    expect(isKafkaUnreachable('ECONNREFUSED')).toBe(false);
  });
});
