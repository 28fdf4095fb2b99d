/** JMH benchmarks; see benchmarks/run.sh. */
package io.qtj.benchmarks;
