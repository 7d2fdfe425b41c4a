package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/pipeline"
)

func (a *app) rulesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "rules [PATH]",
		Short: "List the rules in effect (defaults plus .aaiguard.toml) with their checklist item",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var cfg *rules.Config
			var err error
			switch {
			case a.opts.config != "" && a.opts.configFrom == "":
				cfg, err = rules.LoadFile(a.opts.config)
			case len(args) == 1 || a.opts.configFrom != "":
				root := "."
				if len(args) == 1 {
					root = args[0]
				}
				cfg, err = pipeline.Options{Root: root, Config: a.opts.config, ConfigFrom: a.opts.configFrom}.LoadConfig()
			default:
				cfg, err = rules.Default()
			}
			if err != nil {
				return &exitErr{code: exitError, err: err}
			}
			type row struct {
				ID          string           `json:"id"`
				Checklist   string           `json:"checklist"`
				Severity    catalog.Severity `json:"severity"`
				Description string           `json:"description"`
				Source      catalog.Source   `json:"source"`
			}
			var rows []row
			for _, r := range pipeline.Rules(cfg) {
				rows = append(rows, row{r.ID, r.Checklist, r.Severity, r.Description, r.Source})
			}
			if a.opts.format == "json" {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"rules": rows, "checklist": catalog.Items()})
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "RULE\tCHECKLIST\tSEVERITY\tSOURCE\tDESCRIPTION")
			for _, r := range rows {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Checklist, r.Severity, r.Source, r.Description)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, "\nChecklist items:")
			for _, c := range catalog.Items() {
				fmt.Fprintf(a.stdout, "  %-15s %s\n", c.ID, c.Title)
			}
			return nil
		},
	}
}

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print aaiguard's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprint(a.stdout, versionText())
			return err
		},
	}
}
