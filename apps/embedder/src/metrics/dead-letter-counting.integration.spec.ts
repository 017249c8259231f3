import { createKafka, DeadLetterProducer } from '@tributary/kafka';
import { realServices, uniqueName } from '@tributary/testing';
import { countingDeadLetters } from './dead-letter-counting';

/** Against real Kafka: only acknowledged sends to the DLQ topic count. */
describe('countingDeadLetters', () => {
  const kafka = createKafka(
    { brokers: realServices.kafkaBrokers, clientId: 'it-dlq-count' },
    () => undefined,
  );
  const dlq = uniqueName('it-dlq-count');
  const other = uniqueName('it-dlq-other');

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: dlq }, { topic: other }], waitForLeaders: true });
    await admin.disconnect();
  });

  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [dlq, other] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('counts the letters the dead-letter producer got acknowledged, and nothing sent elsewhere', async () => {
    let counted = 0;
    const counting = countingDeadLetters(kafka, dlq, (count) => (counted += count));
    const letter = {
      topic: 'x',
      partition: 0,
      offset: '1',
      key: Buffer.from('k'),
      value: Buffer.from('{'),
      error: 'SyntaxError',
      attempts: 1,
    };
    const deadLetters = new DeadLetterProducer(counting, dlq);
    const elsewhere = new DeadLetterProducer(counting, other);
    await Promise.all([deadLetters.connect(), elsewhere.connect()]);
    try {
      await deadLetters.send(letter);
      await deadLetters.send(letter);
      await elsewhere.send(letter);
    } finally {
      await Promise.all([deadLetters.disconnect(), elsewhere.disconnect()]);
    }
    expect(counted).toBe(2);
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(dlq);
    await admin.disconnect();
    expect(offsets.reduce((sum, { offset }) => sum + Number(offset), 0)).toBe(2);
  });
});
