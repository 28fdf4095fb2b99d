package io.qtj.core;

/**
 * Sent to an object when a dynamic property is added, changed or removed through
 * {@link QObject#setProperty(String, Object)}.
 */
public class QDynamicPropertyChangeEvent extends QEvent {
    private final String propertyName;

    /** Constructs the event for the property {@code name}. */
    public QDynamicPropertyChangeEvent(String name) {
        super(Type.DynamicPropertyChange);
        this.propertyName = name;
    }

    /** Returns the name of the property that changed. */
    public String propertyName() {
        return propertyName;
    }
}
