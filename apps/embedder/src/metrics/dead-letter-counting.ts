import type { Kafka, Producer, ProducerConfig, ProducerRecord } from 'kafkajs';

/**
 * The Kafka client with every producer it creates counting the messages it
 * got acknowledged on `dlqTopic`. The dead-letter producer is built inside the
 * consumer's lifecycle from this client, so counting here needs no change there.
 */
export function countingDeadLetters(kafka: Kafka, dlqTopic: string, onSent: (count: number) => void): Kafka {
  return new Proxy(kafka, {
    get(target, property, receiver) {
      if (property !== 'producer') return Reflect.get(target, property, receiver) as unknown;
      return (config?: ProducerConfig) => countingProducer(target.producer(config), dlqTopic, onSent);
    },
  });
}

function countingProducer(producer: Producer, dlqTopic: string, onSent: (count: number) => void): Producer {
  return new Proxy(producer, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
      return async (record: ProducerRecord) => {
        const metadata = await target.send(record);
        if (record.topic === dlqTopic) onSent(record.messages.length);
        return metadata;
      };
    },
  });
}
