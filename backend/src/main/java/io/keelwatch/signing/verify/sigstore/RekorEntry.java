package io.keelwatch.signing.verify.sigstore;

import java.util.List;

/**
 * One Rekor entry as a bundle or cosign's bundle annotation carries it.
 *
 * @param body                  the canonicalized entry body (JSON bytes) the log hashed
 * @param logIndex              the entry's index across the log's shards (what the signed entry timestamp names)
 * @param logId                 hex SHA-256 of the log's public key
 * @param kind                  the kind and version the bundle claims ({@code hashedrekord}, {@code 0.0.1}), or null
 * @param signedEntryTimestamp  the log's promise of inclusion (SET), or null
 * @param proof                 the inclusion proof, or null
 */
record RekorEntry(byte[] body, long integratedTime, long logIndex, String logId, String kind, String version,
                  byte[] signedEntryTimestamp, InclusionProof proof) {

    /**
     * @param logIndex   the entry's index in its shard's tree
     * @param checkpoint the signed note committing the log to {@code rootHash}, or null
     */
    record InclusionProof(long logIndex, long treeSize, byte[] rootHash, List<byte[]> hashes, String checkpoint) {
    }
}
