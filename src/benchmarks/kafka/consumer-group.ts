import { AssignerProtocol, type Admin } from 'kafkajs';

/** Partitions of `topic` per member (by client id) as the group coordinator sees them. */
export async function groupAssignment(admin: Admin, groupId: string, topic: string): Promise<{ state: string; partitionsOf: Map<string, number[]> }> {
  const group = (await admin.describeGroups([groupId])).groups[0];
  const partitionsOf = new Map<string, number[]>();
  for (const member of group?.members ?? []) {
    const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
    partitionsOf.set(member.clientId, [...(assignment?.assignment[topic] ?? [])].sort((a, b) => a - b));
  }
  return { state: group?.state ?? 'Dead', partitionsOf };
}

/** Waits until the group is stable with `members` members, each holding partitions of `topic`. */
export async function waitForStableGroup(admin: Admin, groupId: string, topic: string, members: number, timeoutMs: number): Promise<Map<string, number[]>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const group = await groupAssignment(admin, groupId, topic).catch(() => undefined);
    if (group !== undefined && group.state === 'Stable' && group.partitionsOf.size === members && [...group.partitionsOf.values()].every((p) => p.length > 0)) {
      return group.partitionsOf;
    }
    if (Date.now() > deadline) throw new Error(`consumer group ${groupId} not stable with ${members} member(s) after ${timeoutMs} ms (${group?.state ?? 'unknown'}, ${group?.partitionsOf.size ?? 0} members)`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Committed offsets of the group on `topic` against the partitions' end offsets. A transactional
 * load ends each partition with a commit marker that a consumer may never commit past (kafkajs
 * does not hand a marker-only batch to the consumer): `trailingMarkers` 1 does not wait for it.
 */
export async function commitProgress(admin: Admin, groupId: string, topic: string, trailingMarkers = 0): Promise<{ committed: number; end: number; atEnd: boolean }> {
  const ends = await admin.fetchTopicOffsets(topic);
  // Right after a group starts its coordinator may still be loading: count that as nothing committed.
  const fetched = await admin.fetchOffsets({ groupId, topics: [topic] }).catch(() => undefined);
  const committedOf = new Map((fetched?.[0]?.partitions ?? []).map((p) => [p.partition, Math.max(0, Number(p.offset))]));
  let committed = 0;
  let end = 0;
  let atEnd = true;
  for (const p of ends) {
    const high = Math.max(0, Number(p.high) - trailingMarkers);
    const done = committedOf.get(p.partition) ?? 0;
    committed += done;
    end += high;
    if (done < high) atEnd = false;
  }
  return { committed, end, atEnd };
}
