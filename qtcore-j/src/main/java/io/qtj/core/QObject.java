package io.qtj.core;

import java.util.ArrayList;
import java.util.List;

/** Skeleton; replaced by the full object model. */
public class QObject {
    public final Signal1<QObject> destroyed = new Signal1<>(this);
    public final Signal1<String> objectNameChanged = new Signal1<>(this);
    private QObject parent;
    private final List<QObject> children = new ArrayList<>();
    private String objectName = "";
    private boolean disposed;

    public QObject() { this(null); }
    public QObject(QObject parent) { setParent(parent); }

    public String objectName() { return objectName; }
    public void setObjectName(String name) { objectName = name; objectNameChanged.emit(name); }
    public QObject parent() { return parent; }
    public void setParent(QObject p) {
        if (parent != null) parent.children.remove(this);
        parent = p;
        if (p != null) p.children.add(this);
    }
    public List<QObject> children() { return List.copyOf(children); }
    public void dispose() {
        if (disposed) return;
        destroyed.emit(this);
        for (QObject c : children()) c.dispose();
        setParent(null);
        disposed = true;
    }
    public boolean isDisposed() { return disposed; }
    public void deleteLater() { dispose(); }
}
