package kg

import (
	"errors"
	"fmt"
	"strings"
)

// ErrRule is matched (errors.Is) by every error of [ParseRules].
var ErrRule = errors.New("kg: bad rule")

// RuleError is an error in one rule of a rule text. Line and Column are
// 1-based; Column counts bytes. Rule is the rule's event types as written,
// empty when the error comes before them.
type RuleError struct {
	Line, Column int
	Rule         string
	Msg          string
}

// Error names the rule, its line and the column where it went wrong.
func (e *RuleError) Error() string {
	if e.Rule == "" {
		return fmt.Sprintf("kg: rule on line %d, column %d: %s", e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("kg: rule %q (line %d, column %d): %s", e.Rule, e.Line, e.Column, e.Msg)
}

// Is makes a RuleError match [ErrRule].
func (e *RuleError) Is(target error) bool { return target == ErrRule }

// Rules is a declarative extractor: rules over event types and JSON payload
// fields, in the language described in the package documentation. Its
// Extract method is an [Extractor]. A Rules is immutable and safe for
// concurrent use.
type Rules struct {
	byType map[string][]*rule
}

// rule is one parsed line.
type rule struct {
	name    string // `ClaimFiled (line 3)`, the prefix of its skip reasons
	retract bool
	chains  []chain
	nodes   int  // node positions in all chains
	payload bool // some value reads the payload
}

// chain is kind(value) -predicate-> kind(value) -predicate-> ...
type chain struct {
	nodes []nodeRule
	preds []string // preds[i] links nodes[i] to nodes[i+1]
}

// nodeRule makes the nodes of one position of a chain.
type nodeRule struct {
	kind string
	val  *valueRule // nil: the one node of its kind
}

// source is where a value comes from.
type source uint8

const (
	fromLiteral source = iota
	fromPayload
	fromMeta
	fromEventID
)

// valueRule is the ID of a node: a literal, a payload path, a metadata key
// or the event ID.
type valueRule struct {
	text     string // as written, for skip reasons
	optional bool   // written with a "?": when missing, the rule states nothing
	src      source
	lit      string // the literal, or the metadata key
	path     []step
}

// step is one step of a payload path: .field, [n] or [*].
type step struct {
	field string
	index int
	kind  stepKind
}

type stepKind uint8

const (
	stepField stepKind = iota
	stepIndex
	stepAll
)

// ParseRules parses rule text: one rule per line, blank lines and "#"
// comments ignored. It reports every bad rule, each as a *[RuleError]
// naming the rule, its line and column (joined with errors.Join; all match
// [ErrRule]).
func ParseRules(text string) (*Rules, error) {
	rs := &Rules{byType: map[string][]*rule{}}
	var errs []error
	for i, line := range strings.Split(text, "\n") {
		r, types, err := parseLine(strings.TrimSuffix(line, "\r"), i+1)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, t := range types {
			rs.byType[t] = append(rs.byType[t], r)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return rs, nil
}
