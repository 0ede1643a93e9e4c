package io.voicegather.server.gather;

/** Test helper: a {@link PromptedGatherSpec} that starts from Telnyx's defaults and changes only what a case needs. */
final class PromptSpecBuilder {
    private int min = 1;
    private int max = 128;
    private long timeout = 60_000;
    private long interDigit = 5_000;
    private char terminator = '#';
    private String valid = "0123456789#*";
    private int tries = PromptedGatherSpec.DEFAULT_MAXIMUM_TRIES;
    private boolean invalidPrompt;

    static PromptSpecBuilder prompted() {
        return new PromptSpecBuilder();
    }

    PromptSpecBuilder min(int v) {
        min = v;
        return this;
    }

    PromptSpecBuilder max(int v) {
        max = v;
        return this;
    }

    PromptSpecBuilder timeout(long v) {
        timeout = v;
        return this;
    }

    PromptSpecBuilder interDigit(long v) {
        interDigit = v;
        return this;
    }

    /** 0 for no terminator. */
    PromptSpecBuilder terminator(char v) {
        terminator = v;
        return this;
    }

    PromptSpecBuilder valid(String v) {
        valid = v;
        return this;
    }

    PromptSpecBuilder tries(int v) {
        tries = v;
        return this;
    }

    PromptSpecBuilder withInvalidPrompt() {
        invalidPrompt = true;
        return this;
    }

    PromptedGatherSpec build() {
        return new PromptedGatherSpec(min, max, timeout, interDigit, terminator, valid, tries, invalidPrompt,
                "g-test");
    }
}
