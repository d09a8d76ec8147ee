import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from '../../../lib/kafka/key-partition.js';

const kafkajsPartition = Partitioners.DefaultPartitioner();
const metadataOf = (count: number) => Array.from({ length: count }, (_, partitionId) => ({ partitionId }) as PartitionMetadata);

describe('partitionForKey', () => {
  it('places keys exactly as kafkajs (murmur2, as the Java client) does, for ASCII and multi-byte keys of every length', () => {
    const keys = [
      '',
      'a',
      'ab',
      'abc',
      'abcd',
      'abcde',
      'ORD-000123',
      'S4f9c2e1a0b3d5e6f',
      'pty-0123456789abcdef',
      'é',
      'München',
      '😀x',
      '日本語のキー',
    ];
    for (let index = 0; index < 500; index += 1) keys.push(`k${index}-${(index * 2_654_435_761) % 1_000_003}`);
    for (const partitions of [1, 3, 7, 12]) {
      const metadata = metadataOf(partitions);
      const differing = keys.filter(
        (key) =>
          partitionForKey(key, partitions) !== kafkajsPartition({ topic: 't', partitionMetadata: metadata, message: { key, value: '' } }),
      );
      expect(differing).toEqual([]);
    }
  });

  it('gives the murmur2 of the Java client for known inputs', () => {
    // Kafka's UtilsTest.testMurmur2: "21" → -973932308, "foobar" → -790332482.
    expect(murmur2('21')).toBe(-973932308);
    expect(murmur2('foobar')).toBe(-790332482);
  });
});
