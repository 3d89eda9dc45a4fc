package conv

func convDepthwise[T float](g *geometry, input, kernel, output []T) {
	convGeneral(g, input, kernel, output)
}
