package deploy

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// ProviderSchemas is the part of `terraform providers schema -json` the checker reads.
type ProviderSchemas struct {
	Providers map[string]struct {
		Resources   map[string]Schema `json:"resource_schemas"`
		DataSources map[string]Schema `json:"data_source_schemas"`
	} `json:"provider_schemas"`
}

// Schema is a resource's schema.
type Schema struct {
	Block Block `json:"block"`
}

// Block is a schema block: its attributes and nested blocks.
type Block struct {
	Attributes map[string]Attribute   `json:"attributes"`
	BlockTypes map[string]NestedBlock `json:"block_types"`
}

// Attribute is a schema attribute.
type Attribute struct {
	Required bool `json:"required"`
	Optional bool `json:"optional"`
	Computed bool `json:"computed"`
}

// NestedBlock is a nested block type with its nesting mode and item bounds.
type NestedBlock struct {
	NestingMode string `json:"nesting_mode"`
	MinItems    int    `json:"min_items"`
	MaxItems    int    `json:"max_items"`
	Block       Block  `json:"block"`
}

// LoadSchemas reads a providers schema file.
func LoadSchemas(path string) (*ProviderSchemas, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s ProviderSchemas
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

func (s *ProviderSchemas) lookup(kind, typ string) (Schema, bool) {
	for _, p := range s.Providers {
		m := p.Resources
		if kind == "data" {
			m = p.DataSources
		}
		if sch, ok := m[typ]; ok {
			return sch, true
		}
	}
	return Schema{}, false
}

// metaArguments are Terraform's own arguments and blocks, allowed in every resource.
var metaArguments = map[string]bool{"count": true, "for_each": true, "depends_on": true, "provider": true}
var metaBlocks = map[string]bool{"lifecycle": true, "provisioner": true, "connection": true, "dynamic": true}

// CheckFile parses HCL source and returns every resource or data block that does not fit the
// schemas: unknown arguments, missing required ones, computed-only ones set, unknown or
// misplaced blocks, and blocks repeated beyond their bounds.
func CheckFile(name string, src []byte, schemas *ProviderSchemas) []string {
	file, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		return []string{diags.Error()}
	}
	var problems []string
	for _, b := range file.Body.(*hclsyntax.Body).Blocks {
		if (b.Type != "resource" && b.Type != "data") || len(b.Labels) != 2 {
			continue
		}
		where := fmt.Sprintf("%s:%d %s %q %q", name, b.DefRange().Start.Line, b.Type, b.Labels[0], b.Labels[1])
		sch, ok := schemas.lookup(b.Type, b.Labels[0])
		if !ok {
			problems = append(problems, where+": no such "+b.Type+" type in the provider schemas")
			continue
		}
		problems = append(problems, checkBody(where, b.Body, sch.Block, true)...)
	}
	return problems
}

func checkBody(where string, body *hclsyntax.Body, block Block, top bool) []string {
	var problems []string
	for name := range body.Attributes {
		attr, ok := block.Attributes[name]
		switch {
		case top && metaArguments[name]:
		case !ok:
			if _, isBlock := block.BlockTypes[name]; isBlock {
				problems = append(problems, fmt.Sprintf("%s: %q is a block, written as an argument", where, name))
			} else {
				problems = append(problems, fmt.Sprintf("%s: unknown argument %q", where, name))
			}
		case attr.Computed && !attr.Optional && !attr.Required:
			problems = append(problems, fmt.Sprintf("%s: %q is computed, it cannot be set", where, name))
		}
	}
	var required []string
	for name, attr := range block.Attributes {
		if _, set := body.Attributes[name]; attr.Required && !set {
			required = append(required, name)
		}
	}
	sort.Strings(required)
	for _, name := range required {
		problems = append(problems, fmt.Sprintf("%s: missing required argument %q", where, name))
	}
	counts := map[string]int{}
	for _, nb := range body.Blocks {
		if nb.Type == "dynamic" && len(nb.Labels) == 1 {
			// dynamic "name" { for_each = ...; content { ... } } writes blocks called name: check
			// its content against name's schema (it may write none, so it counts for no minimum).
			nested, ok := block.BlockTypes[nb.Labels[0]]
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: dynamic block of unknown block %q", where, nb.Labels[0]))
				continue
			}
			for _, cb := range nb.Body.Blocks {
				if cb.Type == "content" {
					problems = append(problems, checkBody(where+" > dynamic "+nb.Labels[0], cb.Body, nested.Block, false)...)
				}
			}
			continue
		}
		if top && metaBlocks[nb.Type] {
			continue
		}
		nested, ok := block.BlockTypes[nb.Type]
		if !ok {
			if _, isAttr := block.Attributes[nb.Type]; isAttr {
				problems = append(problems, fmt.Sprintf("%s: %q is an argument, written as a block", where, nb.Type))
			} else {
				problems = append(problems, fmt.Sprintf("%s: unknown block %q", where, nb.Type))
			}
			continue
		}
		counts[nb.Type]++
		problems = append(problems, checkBody(where+" > "+nb.Type, nb.Body, nested.Block, false)...)
	}
	for name, nested := range block.BlockTypes {
		n := counts[name]
		if nested.MinItems > 0 && n < nested.MinItems {
			problems = append(problems, fmt.Sprintf("%s: block %q needs at least %d, has %d", where, name, nested.MinItems, n))
		}
		if nested.MaxItems > 0 && n > nested.MaxItems {
			problems = append(problems, fmt.Sprintf("%s: block %q allows at most %d, has %d", where, name, nested.MaxItems, n))
		}
	}
	return problems
}
