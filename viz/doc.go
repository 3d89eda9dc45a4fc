// Package viz draws the figures of a DARTS run with gonum/plot, and saves them as PNG, SVG or PDF
// at a chosen size and resolution (Save, SaveAt, PNG, SVG, PDF) or shows them in a GoNB notebook
// (DisplayPNG, DisplaySVG). Every figure is a Figure: a *plot.Plot or a composite that draws into
// any canvas.
//
//   - Cell diagrams: NormalCell, ReduceCell and RecurrentCell build a CellDiagram, the drawing
//     model (nodes laid out left to right by depth as graphviz's dot does, edges that skip
//     layers in lanes of their own, op labels placed so that none overlaps a node, a label or
//     another edge), which Cell renders with arrows, rounded boxes and op-family colours and
//     dashes (StyleOf), laid out again to fill its canvas (CellDiagram.Fit).
//   - α heatmaps: AlphaHeatmap (one alphas.jsonl record) and Style.AlphaHeatmapOf (any cell,
//     the recurrent one included): edges × primitives, the derived choice boxed, a colour bar.
//   - α over time: AlphasOverTime, small multiples of every edge's op weights across epochs.
//   - Learning curves: LearningCurves of ReadMetrics runs (loss, and accuracy or perplexity),
//     built on Curves, the basic line figure (a Chart: its legend goes where it covers no line).
//   - Search progress: SearchProgress, test error against search cost (the paper's Figure 3).
//   - Comparison: CompareGenotypes, CompareRecurrent.
//   - Animation: SearchGIF / SaveSearchGIF, the derived cell and its heatmap per epoch.
//
// Colours follow one rule everywhere: an op's family (pooling, skip, separable conv, dilated
// conv, activation, none) picks the hue and its rank in the family the shade and dash, so
// skip_connect is the same vermillion in a cell diagram, a heatmap key and α over time.
// Inputs are a genotype (darts/genotype), an α history ([]record.Alphas, read by ReadAlphas)
// or a run directory; WriteSyntheticRun makes a labelled synthetic run for tests and examples (figures for a report come from real runs: search.FigureRun).
//
// The package links no GoMLX: what it reads comes from darts/record and darts/run, which are
// free of it, so a figure cell compiles quickly (TestNoGoMLX keeps it so).
package viz
