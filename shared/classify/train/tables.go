package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/feedlens/feedlens/shared/classify/internal/dataset"
	"github.com/feedlens/feedlens/shared/classify/internal/token"
)

// buildBrands writes "key<TAB>ambiguous<TAB>name" for every brand title and
// alias of Simple Icons (CC0). A brand is ambiguous when its key is short
// or an everyday word (it occurs in ordinary English or German sentences
// of SIB-200 and the clickbait headlines, or in a sentiment lexicon):
// "Ring", "Notion", "Target" then only count for verified or big accounts.
func buildBrands(root string) ([]byte, error) {
	raw, err := os.ReadFile(filepath.Join(root, "data", "ads", "simple_icons_brands_cc0.json"))
	if err != nil {
		return nil, err
	}
	var icons []struct {
		Title   string `json:"title"`
		Aliases struct {
			Aka []string                 `json:"aka"`
			Dup []struct{ Title string } `json:"dup"`
			Loc map[string]string        `json:"loc"`
		} `json:"aliases"`
	}
	if err := json.Unmarshal(raw, &icons); err != nil {
		return nil, fmt.Errorf("simple_icons_brands_cc0.json: %w", err)
	}
	common, err := commonWords(root)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, ic := range icons {
		all := append([]string{ic.Title}, ic.Aliases.Aka...)
		for _, d := range ic.Aliases.Dup {
			all = append(all, d.Title)
		}
		for _, l := range ic.Aliases.Loc {
			all = append(all, l)
		}
		for _, n := range all {
			k := token.Key(n)
			if len(k) < 3 {
				continue
			}
			if old, ok := names[k]; !ok || n < old {
				names[k] = n
			}
		}
	}
	var b strings.Builder
	b.WriteString("# Brand names from Simple Icons (CC0-1.0), derived by `make model`. key, ambiguous, name\n")
	for _, k := range slices.Sorted(maps.Keys(names)) {
		amb := "0"
		if len(k) <= 4 || common[k] {
			amb = "1"
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\n", k, amb, strings.ReplaceAll(names[k], "\t", " "))
	}
	return []byte(b.String()), nil
}

// commonWords returns words that occur at least twice in ordinary text
// or appear in the sentiment lexicons.
func commonWords(root string) (map[string]bool, error) {
	count := map[string]int{}
	var t token.Tokens
	addText := func(s string) {
		t.Split(s)
		for i := range t.List {
			count[t.Normal(i)]++
		}
	}
	for _, lang := range []string{"en", "de"} {
		for _, split := range []string{"train", "dev"} {
			sib, err := dataset.ShipSIB(root, lang, split)
			if err != nil {
				return nil, err
			}
			for _, ex := range sib {
				addText(ex.Text)
			}
		}
	}
	train, dev, err := dataset.ShipClickbait(root)
	if err != nil {
		return nil, err
	}
	for _, ex := range append(train, dev...) {
		addText(ex.Text)
	}
	common := map[string]bool{}
	for w, n := range count {
		if n >= 2 {
			common[w] = true
		}
	}
	for _, name := range []string{"afinn_en_165.txt", "vader_lexicon_en.txt"} {
		f, err := os.Open(filepath.Join(root, "data", "lexicons", name))
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			w, _, _ := strings.Cut(sc.Text(), "\t")
			common[token.Key(w)] = true
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return common, nil
}

// buildPoliticians writes "platform:handle<TAB>party<TAB>role" for every
// social-media account of the DBoeS list of German parliamentarians (MIT,
// Leibniz-Institut für Medienforschung | Hans-Bredow-Institut). Names are
// left out: the handle is enough to match, and the table carries no more
// personal data than needed. Accounts listed twice (a member of two
// parliaments) keep every role.
func buildPoliticians(root string) ([]byte, error) {
	f, err := os.Open(filepath.Join(root, "data", "partisanship", "dboes_de_parliamentarians_2021_accounts.csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name(), err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s: no rows", f.Name())
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, need := range []string{"Kategorie", "Partei", "SM_Twitter_user", "SM_Facebook_user", "SM_Facebook_id", "SM_Instagram_user", "SM_Youtube_user"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%s: no column %q", f.Name(), need)
		}
	}
	accounts := map[string]*account{}
	for _, row := range rows[1:] {
		party, role := strings.TrimSpace(row[col["Partei"]]), strings.TrimSpace(row[col["Kategorie"]])
		for platform, c := range map[string]string{"x": "SM_Twitter_user", "facebook": "SM_Facebook_user", "instagram": "SM_Instagram_user", "youtube": "SM_Youtube_user"} {
			addAccount(accounts, platform, row[col[c]], party, role)
		}
		addAccount(accounts, "facebook", row[col["SM_Facebook_id"]], party, role)
	}
	var b strings.Builder
	b.WriteString("# German parliamentarians' accounts from DBoeS (MIT, Leibniz-HBI), derived by `make model`. platform:handle, party, role\n")
	for _, k := range slices.Sorted(maps.Keys(accounts)) {
		e := accounts[k]
		fmt.Fprintf(&b, "%s\t%s\t%s\n", k, strings.Join(e.parties, ", "), strings.Join(e.roles, "; "))
	}
	return []byte(b.String()), nil
}

type account struct{ parties, roles []string }

// addAccount records one handle, keeping every distinct party and role.
func addAccount(accounts map[string]*account, platform, handle, party, role string) {
	handle = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(handle), "@"))
	if handle == "" || party == "" {
		return
	}
	k := platform + ":" + handle
	a := accounts[k]
	if a == nil {
		a = &account{}
		accounts[k] = a
	}
	if !slices.Contains(a.parties, party) {
		a.parties = append(a.parties, party)
	}
	if role != "" && !slices.Contains(a.roles, role) {
		a.roles = append(a.roles, role)
	}
}
