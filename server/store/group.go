package store

import (
	"context"
	"errors"
)

// insertRequest is one batch waiting for the group-commit writer.
type insertRequest struct {
	query, batch string
	n            int
	accepted     map[string]bool
	done         chan error
}

// StartGroupCommit makes report inserts share commits: one writer
// goroutine takes every batch waiting at that moment (up to maxReports
// reports) and stores them in one transaction, then answers each. A commit
// is the expensive part of a write (the WAL frames of every touched page
// and an fsync), so under concurrent load this multiplies throughput while
// each batch is still answered only after its commit. Only for a database
// with transactions and a single writer (native SQLite); Close stops it.
func (s *Store) StartGroupCommit(maxReports int) {
	s.pending = make(chan *insertRequest, 256)
	s.stopped = make(chan struct{})
	go s.groupWriter(maxReports)
}

func (s *Store) groupWriter(maxReports int) {
	defer close(s.stopped)
	for first := range s.pending {
		group, total := []*insertRequest{first}, first.n
	drain:
		for total < maxReports {
			select {
			case r, ok := <-s.pending:
				if !ok {
					break drain
				}
				group = append(group, r)
				total += r.n
			default:
				break drain
			}
		}
		if err := s.commitGroup(group); err != nil {
			// Commit each batch on its own, so one failing batch fails alone.
			for _, r := range group {
				clear(r.accepted)
				r.done <- s.insert(context.Background(), s.write, r.query, r.batch, r.accepted)
			}
			continue
		}
		for _, r := range group {
			r.done <- nil
		}
	}
}

func (s *Store) commitGroup(group []*insertRequest) error {
	ctx := context.Background()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	for _, r := range group {
		if err := s.insert(ctx, tx, r.query, r.batch, r.accepted); err != nil {
			return errors.Join(err, tx.Rollback())
		}
	}
	return tx.Commit()
}
