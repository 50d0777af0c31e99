package io.namesrv.controller.state;

/**
 * One member of a broker group as the controller knows it: its address and the check code it
 * applied for its broker id with ({@code address;timestamp}), which lets the same broker apply again.
 */
public record Replica(String address, String registerCheckCode) {
}
