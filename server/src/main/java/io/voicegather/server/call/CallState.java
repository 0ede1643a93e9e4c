package io.voicegather.server.call;

/** Where a call is in its life. */
enum CallState {
    /** Ringing at us; the application has been told (call.initiated) and may answer. */
    PARKED,
    /** 200 OK sent; media flows; commands are accepted. */
    ANSWERED,
    /** Over; kept a while so GET and late commands get the right answer. */
    ENDED
}
