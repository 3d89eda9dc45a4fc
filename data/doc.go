// Package data holds the datasets used by DARTS experiments, one sub-package each.
package data
