package io.namesrv.controller;

/**
 * CONTROLLER_GET_METADATA_INFO's answer: the Raft group, its leader (Raft id and request address,
 * empty while unknown), whether this node leads, and the request addresses of all nodes, each
 * followed by ';' as Apache writes them.
 */
public record ControllerMetadata(String group, String leaderId, String leaderAddress, boolean isLeader, String peers) {
}
