package io.namesrv.remoting.body;

/** A 128-bit hash: its first 64 bits ({@code low}) and its last ({@code high}). */
record Hash128(long low, long high) {
}
