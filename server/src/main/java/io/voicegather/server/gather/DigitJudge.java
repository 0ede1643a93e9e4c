package io.voicegather.server.gather;

/** Turns what a caller typed into valid / invalid / timeout, the same way for every ending that judges. */
final class DigitJudge {
    private DigitJudge() {
    }

    /**
     * @param anyKey        whether any key was pressed (the terminator counts)
     * @param digits        the collected digits, terminator excluded
     * @param allListed     whether every collected digit is in valid_digits
     */
    static GatherStatus judge(GatherSpec spec, boolean anyKey, int digits, boolean allListed) {
        if (!anyKey) {
            return GatherStatus.TIMEOUT;
        }
        boolean countOk = digits >= spec.minimumDigits() && digits <= spec.maximumDigits();
        return countOk && allListed ? GatherStatus.VALID : GatherStatus.INVALID;
    }
}
