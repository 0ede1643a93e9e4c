package io.voicegather.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The record of which dialog holds which connection; connections are plain strings and dialogs plain objects. */
class TcpCallTrackerTest {
    final TcpCallTracker<String> tracker = new TcpCallTracker<>();

    @Test
    void aBoundDialogHoldsItsConnectionUntilItIsUnbound() {
        Object call = new Object();
        tracker.bind(call, "A");
        assertThat(tracker.carriesCall("A")).isTrue();
        assertThat(tracker.carriesCall("B")).isFalse();
        tracker.unbind(call);
        assertThat(tracker.carriesCall("A")).isFalse();
        assertThat(tracker.liveCalls()).isZero();
    }

    @Test
    void dialogsAreTrackedByIdentityAndUnbindingTwiceIsHarmless() {
        Object one = new Object();
        Object two = new Object();
        tracker.bind(one, "A");
        tracker.bind(two, "A");
        tracker.unbind(one);
        tracker.unbind(one);
        assertThat(tracker.carriesCall("A")).as("the second dialog still needs A").isTrue();
        assertThat(tracker.liveCalls()).isEqualTo(1);
        tracker.unbind(new Object()); // never bound
        tracker.unbind(two);
        assertThat(tracker.carriesCall("A")).isFalse();
        assertThat(tracker.liveCalls()).isZero();
    }

    @Test
    void bindingAgainMovesTheDialog() {
        Object call = new Object();
        tracker.bind(call, "A");
        tracker.bind(call, "B");
        assertThat(tracker.carriesCall("A")).isFalse();
        assertThat(tracker.carriesCall("B")).isTrue();
        assertThat(tracker.liveCalls()).isEqualTo(1);
    }

    @Test
    void closingAConnectionForgetsItsDialogsOnly() {
        Object one = new Object();
        Object three = new Object();
        tracker.bind(one, "A");
        tracker.bind(new Object(), "A");
        tracker.bind(three, "B");
        tracker.onClosed("A");
        assertThat(tracker.carriesCall("A")).isFalse();
        assertThat(tracker.carriesCall("B")).isTrue();
        assertThat(tracker.liveCalls()).isEqualTo(1);
        tracker.unbind(one); // its end arrives after the close: nothing left to do
        assertThat(tracker.liveCalls()).isEqualTo(1);
        tracker.unbind(three);
        assertThat(tracker.liveCalls()).isZero();
    }
}
