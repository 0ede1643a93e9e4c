package io.voicegather.server.gather;

/**
 * How a gather ended: exactly one per gather.
 *
 * @param digits the digits collected so far (terminator excluded), whatever the status
 */
public record GatherOutcome(GatherStatus status, String digits, String gatherId) {
}
