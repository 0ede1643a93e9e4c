package io.voicegather.server.ai.slots;

/** How an all-digit date such as 05/03/1990 is read when the year is last. */
public enum DateOrder {
    /** 05/03/1990 is the 5th of March (most of the world; the default). */
    DAY_FIRST,
    /** 05/03/1990 is May the 3rd (United States). */
    MONTH_FIRST
}
