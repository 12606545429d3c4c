package kg

import (
	"encoding/json"
	"time"
)

// nodeLink is the node-link form of a graph, as networkx's node_link_data
// writes it for a directed multigraph.
type nodeLink struct {
	Directed   bool      `json:"directed"`
	Multigraph bool      `json:"multigraph"`
	Graph      graphInfo `json:"graph"`
	Nodes      []jsNode  `json:"nodes"`
	Links      []jsLink  `json:"links"`
}

type graphInfo struct {
	Skipped map[string]int `json:"skipped,omitempty"`
}

type jsNode struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	Name string `json:"name,omitempty"`
}

type jsLink struct {
	Source    string    `json:"source"`
	Target    string    `json:"target"`
	Key       int64     `json:"key"`
	Predicate string    `json:"predicate"`
	Version   uint64    `json:"version"`
	Time      time.Time `json:"time,omitzero"`
}

// MarshalJSON returns g in the node-link form networkx reads with
// node_link_graph(data, edges="links"): nodes are identified by their Ref as
// a string ("claim:c-7") and carry kind and name (the Ref's ID); links carry
// source, target, key (the edge ID), predicate, and the version and time of
// the event that asserted them. The skip counts are under "graph".
func (g *Graph) MarshalJSON() ([]byte, error) {
	g = g.self()
	nl := nodeLink{Directed: true, Multigraph: true, Nodes: []jsNode{}, Links: []jsLink{}}
	if s := g.Skipped(); len(s) > 0 {
		nl.Graph.Skipped = s
	}
	for _, r := range g.Refs() {
		nl.Nodes = append(nl.Nodes, jsNode{ID: r.String(), Kind: r.Kind, Name: r.ID})
	}
	for _, e := range g.Facts() {
		nl.Links = append(nl.Links, jsLink{Source: e.Subject.String(), Target: e.Object.String(),
			Key: e.id, Predicate: e.Predicate, Version: e.Version, Time: e.Time})
	}
	return json.Marshal(nl)
}
