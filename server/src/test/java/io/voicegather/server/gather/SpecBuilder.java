package io.voicegather.server.gather;

/** Test helper: a {@link GatherSpec} that starts from Telnyx's defaults and changes only what a case cares about. */
final class SpecBuilder {
    private int min = 1;
    private int max = 128;
    private long timeout = 60_000;
    private long initial = 5_000;
    private long interDigit = 5_000;
    private char terminator = '#';
    private String valid = "0123456789#*";

    static SpecBuilder spec() {
        return new SpecBuilder();
    }

    SpecBuilder min(int v) {
        min = v;
        return this;
    }

    SpecBuilder max(int v) {
        max = v;
        return this;
    }

    SpecBuilder timeout(long v) {
        timeout = v;
        return this;
    }

    SpecBuilder initial(long v) {
        initial = v;
        return this;
    }

    SpecBuilder interDigit(long v) {
        interDigit = v;
        return this;
    }

    /** 0 for no terminator. */
    SpecBuilder terminator(char v) {
        terminator = v;
        return this;
    }

    SpecBuilder valid(String v) {
        valid = v;
        return this;
    }

    GatherSpec build() {
        return new GatherSpec(min, max, timeout, initial, interDigit, terminator, valid, "g-test");
    }

    @Override
    public String toString() {
        return "min=" + min + " max=" + max + " timeout=" + timeout + " initial=" + initial + " inter=" + interDigit
                + " term=" + (terminator == 0 ? "none" : String.valueOf(terminator)) + " valid=" + valid;
    }
}
