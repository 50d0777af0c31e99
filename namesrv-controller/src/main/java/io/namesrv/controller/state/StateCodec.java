package io.namesrv.controller.state;

import io.namesrv.controller.state.ControllerCommand.AlterSyncStateSet;
import io.namesrv.controller.state.ControllerCommand.ApplyBrokerId;
import io.namesrv.controller.state.ControllerCommand.CleanBrokerData;
import io.namesrv.controller.state.ControllerCommand.ElectMaster;
import io.namesrv.controller.state.ControllerCommand.RegisterBroker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The bytes of commands (Raft log entries) and of the whole state (snapshots). A version byte leads
 * each, so that a later layout can still read what an older server wrote.
 */
public final class StateCodec {
    private static final int VERSION = 1;
    private static final int APPLY_BROKER_ID = 1;
    private static final int REGISTER_BROKER = 2;
    private static final int ELECT_MASTER = 3;
    private static final int ALTER_SYNC_STATE_SET = 4;
    private static final int CLEAN_BROKER_DATA = 5;

    private StateCodec() {
    }

    public static byte[] encode(ControllerCommand command) {
        return write(out -> {
            out.writeByte(VERSION);
            if (command instanceof ApplyBrokerId c) {
                out.writeByte(APPLY_BROKER_ID);
                out.writeUTF(c.clusterName());
                out.writeUTF(c.brokerName());
                out.writeLong(c.brokerId());
                out.writeUTF(c.registerCheckCode());
            } else if (command instanceof RegisterBroker c) {
                out.writeByte(REGISTER_BROKER);
                out.writeUTF(c.clusterName());
                out.writeUTF(c.brokerName());
                out.writeLong(c.brokerId());
                out.writeUTF(c.address());
                writeIds(out, c.aliveBrokerIds());
            } else if (command instanceof ElectMaster c) {
                out.writeByte(ELECT_MASTER);
                out.writeUTF(c.brokerName());
                out.writeLong(c.brokerId() == null ? -1 : c.brokerId());
                out.writeBoolean(c.designated());
                out.writeBoolean(c.allowUnclean());
                out.writeInt(c.aliveMembers().size());
                for (Candidate candidate : c.aliveMembers()) {
                    out.writeLong(candidate.brokerId());
                    out.writeInt(candidate.epoch());
                    out.writeLong(candidate.maxOffset());
                    out.writeInt(candidate.electionPriority());
                }
            } else if (command instanceof AlterSyncStateSet c) {
                out.writeByte(ALTER_SYNC_STATE_SET);
                out.writeUTF(c.brokerName());
                out.writeLong(c.masterBrokerId());
                out.writeInt(c.masterEpoch());
                writeIds(out, c.newSyncStateSet());
                out.writeInt(c.syncStateSetEpoch());
                writeIds(out, c.aliveBrokerIds());
            } else {
                CleanBrokerData c = (CleanBrokerData) command;
                out.writeByte(CLEAN_BROKER_DATA);
                out.writeUTF(c.brokerName());
                writeIds(out, c.brokerIds());
                out.writeBoolean(c.cleanLivingBroker());
                writeIds(out, c.aliveBrokerIds());
            }
        });
    }

    public static ControllerCommand decodeCommand(byte[] bytes) {
        return read(bytes, in -> {
            int type = in.readUnsignedByte();
            return switch (type) {
                case APPLY_BROKER_ID -> new ApplyBrokerId(in.readUTF(), in.readUTF(), in.readLong(), in.readUTF());
                case REGISTER_BROKER -> new RegisterBroker(in.readUTF(), in.readUTF(), in.readLong(), in.readUTF(), readIds(in));
                case ELECT_MASTER -> {
                    String brokerName = in.readUTF();
                    long brokerId = in.readLong();
                    boolean designated = in.readBoolean();
                    boolean allowUnclean = in.readBoolean();
                    int count = in.readInt();
                    List<Candidate> alive = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        alive.add(new Candidate(in.readLong(), in.readInt(), in.readLong(), in.readInt()));
                    }
                    yield new ElectMaster(brokerName, brokerId == -1 ? null : brokerId, designated, allowUnclean, alive);
                }
                case ALTER_SYNC_STATE_SET -> new AlterSyncStateSet(in.readUTF(), in.readLong(), in.readInt(), readIds(in),
                    in.readInt(), readIds(in));
                case CLEAN_BROKER_DATA -> new CleanBrokerData(in.readUTF(), readIds(in), in.readBoolean(), readIds(in));
                default -> throw new IllegalArgumentException("unknown controller command type " + type);
            };
        });
    }

    public static byte[] encodeGroups(Collection<BrokerGroup> groups) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeInt(groups.size());
            for (BrokerGroup group : groups) {
                out.writeUTF(group.clusterName());
                out.writeUTF(group.brokerName());
                out.writeLong(group.nextBrokerId());
                out.writeInt(group.replicas().size());
                for (var member : group.replicas().entrySet()) {
                    out.writeLong(member.getKey());
                    out.writeUTF(member.getValue().address());
                    out.writeUTF(member.getValue().registerCheckCode());
                }
                out.writeLong(group.masterBrokerId() == null ? -1 : group.masterBrokerId());
                out.writeInt(group.masterEpoch());
                writeIds(out, group.syncStateSet());
                out.writeInt(group.syncStateSetEpoch());
            }
        });
    }

    public static List<BrokerGroup> decodeGroups(byte[] bytes) {
        return read(bytes, in -> {
            int count = in.readInt();
            List<BrokerGroup> groups = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String clusterName = in.readUTF();
                String brokerName = in.readUTF();
                long nextBrokerId = in.readLong();
                int members = in.readInt();
                SortedMap<Long, Replica> replicas = new TreeMap<>();
                for (int m = 0; m < members; m++) {
                    replicas.put(in.readLong(), new Replica(in.readUTF(), in.readUTF()));
                }
                long master = in.readLong();
                int masterEpoch = in.readInt();
                SortedSet<Long> syncStateSet = readIds(in);
                int syncStateSetEpoch = in.readInt();
                groups.add(new BrokerGroup(clusterName, brokerName, nextBrokerId, replicas, master == -1 ? null : master,
                    masterEpoch, syncStateSet, syncStateSetEpoch));
            }
            return groups;
        });
    }

    private static void writeIds(DataOutputStream out, Set<Long> ids) throws IOException {
        out.writeInt(ids.size());
        for (Long id : ids) {
            out.writeLong(id);
        }
    }

    private static SortedSet<Long> readIds(DataInputStream in) throws IOException {
        int count = in.readInt();
        SortedSet<Long> ids = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            ids.add(in.readLong());
        }
        return ids;
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("controller state written in layout " + version + ", this server reads " + VERSION);
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
