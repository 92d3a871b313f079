/**
 * What arrived on each topic, for a view to draw: per topic the number of messages delivered, their
 * bytes, and the most recent few (newest last). Only delivered messages are recorded; a relayed
 * message for a topic we do not follow never reaches the application, and never reaches this log.
 */
export interface TopicMessage {
  id: string;
  topic: string;
  origin: string;
  seqno: number;
  data: string;
  /** The neighbour it came from; null when we published it. */
  from: string | null;
  receivedAt: number;
}

export interface TopicRecord {
  delivered: number;
  chars: number;
  recent: TopicMessage[];
}

export class TopicLog {
  private readonly records = new Map<string, TopicRecord>();

  constructor(private readonly keepRecent = 50) {}

  record(message: TopicMessage): void {
    let record = this.records.get(message.topic);
    if (!record) this.records.set(message.topic, (record = { delivered: 0, chars: 0, recent: [] }));
    record.delivered++;
    record.chars += message.data.length;
    record.recent.push(message);
    if (record.recent.length > this.keepRecent) record.recent.shift();
  }

  topics(): string[] {
    return [...this.records.keys()].sort();
  }

  get(topic: string): Readonly<TopicRecord> | undefined {
    return this.records.get(topic);
  }

  delivered(topic: string): number {
    return this.records.get(topic)?.delivered ?? 0;
  }
}
