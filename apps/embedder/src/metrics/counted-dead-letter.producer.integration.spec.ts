import { createKafka } from '@tributary/kafka';
import { realServices, uniqueName } from '@tributary/testing';
import { CountedDeadLetterProducer } from './counted-dead-letter.producer';

/** Against real Kafka: a letter counts once the DLQ acknowledged it. */
describe('CountedDeadLetterProducer', () => {
  const kafka = createKafka(
    { brokers: realServices.kafkaBrokers, clientId: 'it-dlq-count' },
    () => undefined,
  );
  const dlq = uniqueName('it-dlq-count');

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: dlq }], waitForLeaders: true });
    await admin.disconnect();
  });

  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [dlq] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('counts the letters Kafka acknowledged, as many as the DLQ holds', async () => {
    let counted = 0;
    const letter = {
      topic: 'x',
      partition: 0,
      offset: '1',
      key: Buffer.from('k'),
      value: Buffer.from('{'),
      error: 'SyntaxError',
      attempts: 1,
    };
    const deadLetters = new CountedDeadLetterProducer(kafka, dlq, (count) => (counted += count));
    await deadLetters.connect();
    try {
      await deadLetters.send(letter);
      await deadLetters.send(letter);
    } finally {
      await deadLetters.disconnect();
    }
    expect(counted).toBe(2);
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(dlq);
    await admin.disconnect();
    expect(offsets.reduce((sum, { offset }) => sum + Number(offset), 0)).toBe(2);
  });
});
