// Command lifegraph folds a person's life events (addresses, policies,
// claims, subscriptions and their providers), appended to an encrypted
// in-memory sealstream store, into a knowledge graph. It prints what the
// graph knows, then writes it as DOT and, when Graphviz is installed, as
// SVG and PNG:
//
//	cd kg && go run ./examples/lifegraph -out /tmp/life
package main
