// Package kg builds knowledge graphs from sealstream events: a pure fold
// whose state is a [Graph] of facts (subject -predicate-> object), queried
// and drawn with gonum.
//
// An [Extractor] turns an event into [Triple]s. [Build] folds a sequence of
// events into a graph; [Fold] is the same as a fold.Fold[*Graph], so a graph
// is a stream's state like any other:
//
//	rules, err := kg.ParseRules(`ClaimFiled: person -filed-> claim($.claim) -on-> policy($.policy)`)
//	s, err := stream.Open(ctx, store, "user-123", kg.Fold(rules.Extract), kg.New())
//	g, err := s.State(ctx)
//	path := g.Path(kg.Ref{Kind: "person"}, kg.Ref{Kind: "policy", ID: "home-42"})
//
// # Purity and time travel
//
// A Graph never changes once made. Fold appends to the storage of the graph
// it is given only when that graph is the newest of its line, and copies it
// otherwise, so folding one graph twice (fold.Product, snapshots, several
// readers) never alters it or its siblings. Each edge remembers the version
// and time of the event that asserted it; [Graph.AsOf] and [Graph.AsOfTime]
// return the graph as it was at a version or a time. Retractions ([Retract],
// [RetractNode]) remove facts from then on; earlier views keep them.
//
// # Queries and exports
//
// A Graph is a gonum graph.Directed and graph.DirectedMultigraph (one line
// per fact), so any gonum algorithm runs on it. [Graph.Neighbours],
// [Graph.Path], [Graph.Components] and [Graph.PageRank] wrap the common
// ones. [Graph.MarshalDOT] writes DOT through gonum's encoding/dot,
// [Graph.MarshalJSON] the node-link JSON of networkx, and [Graph.Render]
// draws SVG or PNG with Graphviz's dot program when it is installed.
//
// # Rules
//
// [ParseRules] builds an extractor from text, one rule per line:
//
//	# comments and blank lines are ignored
//	PolicyBought: person -holds-> policy($.policy) -issued by-> provider($.insurer)
//	ClaimFiled:   person -filed-> claim($.claim) -on-> policy($.policy)
//	Moved:        person -lives at-> address($.to)
//	Moved:        retract person -lives at-> address($.from?)
//	Subscribed|Renewed: person -subscribes to-> service($.items[*].name)
//	PolicyEnded:  retract policy($.policy)
//
// The grammar, in EBNF (spaces and tabs may separate any two symbols):
//
//	rule      = types ":" [ "retract" ] chain { "," chain } [ comment ] .
//	types     = type { "|" type } .
//	chain     = node { "-" predicate "->" node } .
//	node      = kind [ "(" value [ "?" ] ")" ] .
//	value     = "$" { "." field | "[" digits "]" | "[*]" }
//	          | "$meta." key | "$id" | quoted .
//	comment   = "#" { any character } .
//
// A type is an event type: any characters but spaces, ":", "|", ",", "(",
// ")" and "#". A kind is a name: a letter or "_", then letters, digits or
// "_". A predicate is any characters but "-", "<", ">", "(", ")", "," and
// "#", with spaces inside kept ("lives at"). A quoted value is a Go string
// literal. Several rules may name one type: all of them apply, in order.
//
// A rule applies to the events of its types. Each chain states a fact for
// every two neighbouring nodes. A node's ID is its value: a path into the
// JSON payload ($.a.b, $.list[0], $.list[*] for every element), a metadata
// value ($meta.key), the event ID ($id) or a literal; a node without a
// value is the one node of its kind (the person a stream is about). Values
// must be non-empty strings, numbers (as written) or booleans. A path with
// [*] gives one node per element, and a fact for every pair of neighbours
// (at most 10,000 facts per rule and event). A value followed by "?" is
// optional: when it is absent or null the rule states nothing about the
// event, and counts no skip.
// "retract" makes the rule remove its facts instead, and a retracted lone
// node removes every fact that touches it.
//
// A rule that cannot read an event (its payload is not JSON, or a value is
// missing, empty, a list or an object) states nothing about it: it gives a
// [Skipped] triple instead, counted by [Graph.Skipped] under a reason that
// names the rule, its line and the value as written in the rule, never a
// payload value. Other rules for the same event still apply. Bad rule text
// is an error naming the rule, its line and column ([RuleError]).
package kg
