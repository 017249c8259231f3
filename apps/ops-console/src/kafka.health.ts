import type { Admin, Kafka } from 'kafkajs';

/** Readiness of Kafka: a broker answers a cluster description. One admin connection, opened on the first check. */
export class KafkaHealth {
  private readonly admin: Admin;
  private connected: Promise<void> | undefined;

  constructor(kafka: Kafka) {
    this.admin = kafka.admin();
  }

  async check(): Promise<void> {
    this.connected ??= this.admin.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    await this.connected;
    const { brokers } = await this.admin.describeCluster();
    if (brokers.length === 0) throw new Error('the cluster reports no broker');
  }

  async close(): Promise<void> {
    if (!this.connected) return;
    this.connected = undefined;
    await this.admin.disconnect();
  }
}
