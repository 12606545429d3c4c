package kg

import (
	"strconv"

	"github.com/sealstream/sealstream"
)

// Extract returns the triples the rules for e's type state about e: every
// such rule adds the facts of its chains, or, when a value it needs is
// missing, empty or not a string, number or boolean, or the payload is not
// JSON, a [Skipped] triple whose reason names the rule, its line and the
// value as written in the rule (never a payload value). Extract never
// panics, whatever the payload.
func (rs *Rules) Extract(e sealstream.Event) []Triple {
	rules := rs.byType[e.Type]
	var (
		doc *payload
		out []Triple
	)
	for _, r := range rules {
		if r.payload && doc == nil {
			doc = decodePayload(e.Data)
		}
		ts, reason := r.apply(e, doc)
		if reason != "" {
			ts = []Triple{Skipped(reason)}
		}
		if out == nil {
			out = ts
		} else {
			out = append(out, ts...)
		}
	}
	return out
}

// missing is why a value that is absent or null gives no node.
const missing = "is missing"

// maxFactsPerRule bounds the facts one rule makes of one event, since [*]
// paths on both ends of an edge multiply.
const maxFactsPerRule = 10000

// apply returns the triples of r for e, or the reason r skips e.
func (r *rule) apply(e sealstream.Event, doc *payload) ([]Triple, string) {
	if r.payload && doc.bad {
		return nil, r.name + ": payload is not JSON"
	}
	refs := make([][]Ref, 0, r.nodes) // the nodes of each position of each chain, in order
	all := make([]Ref, 0, r.nodes)    // their storage
	for _, c := range r.chains {
		for _, n := range c.nodes {
			from := len(all)
			var why string
			if all, why = n.refs(e, doc, all); why == missing && n.val.optional {
				return nil, ""
			} else if why != "" {
				return nil, r.name + ": " + n.val.text + " " + why
			}
			refs = append(refs, all[from:len(all):len(all)])
		}
	}
	total, at := 0, 0
	for _, c := range r.chains {
		for k := range c.preds {
			total += len(refs[at+k]) * len(refs[at+k+1])
		}
		if len(c.preds) == 0 {
			total += len(refs[at])
		}
		if total > maxFactsPerRule {
			return nil, r.name + ": makes more than " + strconv.Itoa(maxFactsPerRule) + " facts"
		}
		at += len(c.nodes)
	}
	op := Assert
	if r.retract {
		op = Retract
	}
	out, at := make([]Triple, 0, total), 0
	for _, c := range r.chains {
		if len(c.preds) == 0 { // retract a lone node
			for _, n := range refs[at] {
				out = append(out, Triple{Op: RetractNode, Subject: n})
			}
		}
		for k, pred := range c.preds {
			for _, s := range refs[at+k] {
				for _, o := range refs[at+k+1] {
					out = append(out, Triple{Op: op, Subject: s, Predicate: pred, Object: o})
				}
			}
		}
		at += len(c.nodes)
	}
	return out, ""
}

// refs appends to dst the nodes n makes of e, or says why it makes none.
func (n nodeRule) refs(e sealstream.Event, doc *payload, dst []Ref) ([]Ref, string) {
	v := n.val
	if v == nil {
		return append(dst, Ref{Kind: n.kind}), ""
	}
	switch v.src {
	case fromLiteral:
		return append(dst, Ref{Kind: n.kind, ID: v.lit}), ""
	case fromEventID:
		if e.ID == "" {
			return dst, "is empty"
		}
		return append(dst, Ref{Kind: n.kind, ID: e.ID}), ""
	case fromMeta:
		if s := e.Metadata[v.lit]; s != "" {
			return append(dst, Ref{Kind: n.kind, ID: s}), ""
		}
		return dst, missing
	}
	var buf [1][]byte
	vals, why := doc.lookup(v.path, buf[:0])
	if why != "" {
		return dst, why
	}
	for _, x := range vals {
		id, why := scalar(x)
		if why == "" && id == "" {
			why = "is empty"
		}
		if why != "" {
			return dst, why
		}
		dst = append(dst, Ref{Kind: n.kind, ID: id})
	}
	return dst, ""
}
