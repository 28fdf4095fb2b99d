package io.qtj.benchmarks;

import io.qtj.core.QObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Creates 1,000 children under a parent and disposes the parent (C++: {@code delete parent}),
 * beside a plain Java tree of the same shape (a child list per node, cleared on dispose) as the
 * floor that any object tree costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ObjectTreeBenchmark {
    static final int CHILDREN = 1000;

    /** The plain baseline: a node that owns its children. */
    static final class Node {
        final List<Node> children = new ArrayList<>();
        Node parent;

        Node(Node parent) {
            this.parent = parent;
            if (parent != null) {
                parent.children.add(this);
            }
        }

        void dispose() {
            for (Node c : children) {
                c.parent = null;
                c.dispose();
            }
            children.clear();
            if (parent != null) {
                parent.children.remove(this);
                parent = null;
            }
        }
    }

    @Benchmark
    public QObject qtjCreateAndDispose() {
        QObject parent = new QObject();
        for (int i = 0; i < CHILDREN; i++) {
            new QObject(parent);
        }
        parent.dispose();
        return parent;
    }

    @Benchmark
    public Node plainTreeCreateAndDispose() {
        Node parent = new Node(null);
        for (int i = 0; i < CHILDREN; i++) {
            new Node(parent);
        }
        parent.dispose();
        return parent;
    }
}
