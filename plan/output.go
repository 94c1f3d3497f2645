package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/slbgw/slbgw/change"
	"github.com/slbgw/slbgw/schema"
)

// WriteText writes the plan for people: one aligned line a change (field, annotation, old → new,
// what the controller does), the reason indented below it, then a summary line. It reads the same
// in a terminal and in a CI log.
func (p *Plan) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Plan for Service %s", p.Service)
	if lb := p.LoadBalancer.String(); lb != "" {
		fmt.Fprintf(&b, " (load balancer %s)", lb)
	}
	b.WriteString(":\n")
	for _, n := range p.Notes {
		b.WriteString("  note: " + n + "\n")
	}
	if len(p.Changes) == 0 {
		b.WriteString("\nNo changes: the Service already has what the profile asks for.\n")
	} else {
		b.WriteString("\n")
		if err := writeTable(&b, p.Changes); err != nil {
			return err
		}
	}
	if k := p.KnativeServing; k != nil {
		fmt.Fprintf(&b, "\nKnativeServing %s, spec.services[%s] (the Knative Operator applies it to the Service):\n", k.KnativeServing, k.Entry)
		if len(k.Changes) == 0 {
			b.WriteString("  no changes\n")
		} else if err := writeTable(&b, k.Changes); err != nil {
			return err
		}
	}
	if d := p.ConfigDomain; d != nil && d.Live {
		where := "config-domain"
		if p.KnativeServing != nil {
			where = "the KnativeServing's spec.config.domain"
		}
		fmt.Fprintf(&b, "\nKnative's route domains (%s), not the load balancer:\n", where)
		if len(d.Changes) == 0 {
			b.WriteString("  no changes\n")
		} else if err := writeTable(&b, d.Changes); err != nil {
			return err
		}
	}
	if len(p.Changes) > 0 {
		b.WriteString("\n" + p.summary() + "\n")
	}
	if d := p.ConfigDomain; d != nil && len(d.Changes) > 0 {
		fmt.Fprintf(&b, "config-domain: %d changes move routes to other URLs.\n", len(d.Changes))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeTable writes one aligned line a change (field, keys, old → new, class), with its reason
// indented below it.
func writeTable(b *strings.Builder, changes []change.Change) error {
	var table strings.Builder
	tw := tabwriter.NewWriter(&table, 0, 0, 2, ' ', 0)
	for _, c := range changes {
		keys := make([]string, len(c.Keys))
		for i, k := range c.Keys {
			keys[i] = schema.Suffix(k)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s → %s\t%s\n", c.Field, strings.Join(keys, ", "), show(c.Old), show(c.New), label(c.Class))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// The reasons go under their lines, after the table is aligned.
	for i, line := range strings.Split(strings.TrimSuffix(table.String(), "\n"), "\n") {
		b.WriteString(line + "\n      " + changes[i].Detail + "\n")
	}
	return nil
}

// WriteJSON writes the plan for machines.
func (p *Plan) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		*Plan
		Refused bool   `json:"refused"`
		Summary string `json:"summary"`
	}{p, p.Refused(), p.summary()})
}

// summary counts the changes by class, refused first.
func (p *Plan) summary() string {
	if len(p.Changes) == 0 {
		return "No changes."
	}
	order := []schema.ChangeClass{schema.ChangeRefused, change.RefusedUnlessSame, schema.ChangeRecreatesListeners, schema.ChangeInPlace,
		change.Drift, schema.ChangeStatusOnly, schema.ChangeNoEffect, change.OnCreation, change.Unknown}
	var parts []string
	for _, class := range order {
		n := 0
		for _, c := range p.Changes {
			if c.Class == class {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, label(class)))
		}
	}
	noun := "changes"
	if len(p.Changes) == 1 {
		noun = "change"
	}
	s := fmt.Sprintf("%d %s: %s.", len(p.Changes), noun, strings.Join(parts, ", "))
	if p.Refused() {
		s += " The controller will refuse part of this apply on every sync."
	}
	if p.UnlessSame() {
		s += " Whether the controller refuses a value fixed at creation depends on the load balancer: give --lb to check."
	}
	return s
}

// label names a class in the text output; refused stands out.
func label(c schema.ChangeClass) string {
	switch c {
	case schema.ChangeRefused:
		return "REFUSED"
	case schema.ChangeInPlace:
		return "in place"
	case schema.ChangeRecreatesListeners:
		return "listeners re-created"
	case schema.ChangeNoEffect:
		return "no effect"
	case schema.ChangeStatusOnly:
		return "status only"
	case change.OnCreation:
		return "on creation"
	case change.RefusedUnlessSame:
		return "REFUSED UNLESS SAME"
	case RoutesMove:
		return "routes move"
	case OperatorApplies:
		return "operator applies"
	case change.Drift:
		return "DRIFT"
	}
	return string(c)
}

func show(v *string) string {
	if v == nil {
		return "(absent)"
	}
	if *v == "" {
		return `""`
	}
	return *v
}
