"""Pure parsing: text in, records out. Nothing here touches the disk."""
