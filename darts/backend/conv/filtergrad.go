package conv

func convDepthwiseFilterGrad[T float](g *geometry, input, kernel, output []T) {
	convGeneral(g, input, kernel, output)
}
