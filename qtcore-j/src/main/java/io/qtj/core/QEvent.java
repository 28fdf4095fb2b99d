package io.qtj.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The base class of all events: what is delivered to {@link QObject#event(QEvent)} by the event
 * loop (posted events, timers, socket activations) or by {@link QCoreApplication#sendEvent}.
 *
 * <p>An event has a type id. The ids of Qt's own events are the constants of {@link Type}, with
 * Qt's numeric values; application events use ids from {@link Type#User} to {@link Type#MaxUser},
 * for example one allocated with {@link #registerEventType()}. An event is accepted when created;
 * handlers may {@link #ignore()} it to let it propagate, as in Qt.
 *
 * <p>Not thread-safe: an event belongs to the thread that delivers it.
 */
public class QEvent {
    /** Qt's event types used by qtcore-j and qtnetwork-j, with Qt's numeric ids. */
    public enum Type {
        /** Not an event. */
        None(0),
        /** A timer fired ({@link QTimerEvent}). */
        Timer(1),
        /** The application or a loop is asked to quit. */
        Quit(20),
        /** The object is about to move to another thread; sent in the old thread. */
        ThreadChange(22),
        /** A queued slot or method call. */
        MetaCall(43),
        /** A socket notifier's channel is ready. */
        SockAct(50),
        /** The object is to be disposed: see {@link QObject#deleteLater()}. */
        DeferredDelete(52),
        /** A child was added ({@link QChildEvent}). */
        ChildAdded(68),
        /** A child was polished ({@link QChildEvent}); not sent by qtcore-j. */
        ChildPolished(69),
        /** A child was removed ({@link QChildEvent}). */
        ChildRemoved(71),
        /** A dynamic property was added, changed or removed ({@link QDynamicPropertyChangeEvent}). */
        DynamicPropertyChange(170),
        /** The first id of application events. */
        User(1000),
        /** The last id of application events. */
        MaxUser(65535);

        private final int id;

        Type(int id) {
            this.id = id;
        }

        /** Returns Qt's numeric id of this type. */
        public int id() {
            return id;
        }

        /** Returns the constant whose id is {@code id}, or null if none has it. */
        public static Type fromId(int id) {
            for (Type t : values()) {
                if (t.id == id) {
                    return t;
                }
            }
            return null;
        }
    }

    private static final AtomicInteger NEXT_USER_TYPE = new AtomicInteger(Type.MaxUser.id());

    private final int typeId;
    private boolean accepted = true;

    /** Constructs an event of type {@code type}. */
    public QEvent(Type type) {
        if (type == null) {
            throw new IllegalArgumentException("type: null (expected: a QEvent.Type)");
        }
        this.typeId = type.id();
    }

    /**
     * Constructs an event with the numeric type {@code typeId}: one of {@link Type}'s ids, or an
     * application id between {@link Type#User} and {@link Type#MaxUser}.
     */
    public QEvent(int typeId) {
        if (typeId < 0 || typeId > Type.MaxUser.id()) {
            throw new IllegalArgumentException("typeId: " + typeId + " (expected: 0.." + Type.MaxUser.id() + ")");
        }
        this.typeId = typeId;
    }

    /**
     * Returns the event's type. An application event type (from {@link Type#User} up) that is not
     * one of the constants returns {@link Type#User}; use {@link #typeId()} to tell them apart.
     * Differs from Qt, whose type() returns the number: a Java enum cannot hold arbitrary values.
     */
    public Type type() {
        Type t = Type.fromId(typeId);
        if (t != null) {
            return t;
        }
        return typeId >= Type.User.id() ? Type.User : Type.None;
    }

    /** Returns the event's numeric type id, as Qt's QEvent::type() does. */
    public int typeId() {
        return typeId;
    }

    /** Sets the accept flag: the receiver wants the event. */
    public void accept() {
        accepted = true;
    }

    /** Clears the accept flag: the receiver does not want the event. */
    public void ignore() {
        accepted = false;
    }

    /** Returns true if the event is accepted; events are accepted when constructed. */
    public boolean isAccepted() {
        return accepted;
    }

    /** Sets the accept flag to {@code accepted}. */
    public void setAccepted(boolean accepted) {
        this.accepted = accepted;
    }

    /**
     * Registers and returns a new application event type id, counting down from
     * {@link Type#MaxUser} as Qt does. Thread-safe. Returns -1 when all ids are used.
     */
    public static int registerEventType() {
        int id = NEXT_USER_TYPE.getAndDecrement();
        return id >= Type.User.id() ? id : -1;
    }

    @Override
    public String toString() {
        Type t = Type.fromId(typeId);
        return getClass().getSimpleName() + "(" + (t != null ? t.name() : Integer.toString(typeId)) + ")";
    }
}
