// Package viz draws the figures of a DARTS run with gonum/plot: cell diagrams, α heatmaps, α over
// time and learning curves.
package viz
