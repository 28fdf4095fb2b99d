package io.qtj.core;

/**
 * Sent to an object when a child is added ({@link QEvent.Type#ChildAdded}) or removed
 * ({@link QEvent.Type#ChildRemoved}); delivered to {@link QObject#childEvent(QChildEvent)}.
 * On ChildAdded the child may not be fully constructed yet, as in Qt.
 */
public class QChildEvent extends QEvent {
    private final QObject child;

    /** Constructs a child event of {@code type} for {@code child}. */
    public QChildEvent(Type type, QObject child) {
        super(type);
        this.child = child;
    }

    /** Returns the child that was added or removed. */
    public QObject child() {
        return child;
    }

    /** Returns true if this is a ChildAdded event. */
    public boolean added() {
        return typeId() == Type.ChildAdded.id();
    }

    /** Returns true if this is a ChildPolished event. */
    public boolean polished() {
        return typeId() == Type.ChildPolished.id();
    }

    /** Returns true if this is a ChildRemoved event. */
    public boolean removed() {
        return typeId() == Type.ChildRemoved.id();
    }
}
