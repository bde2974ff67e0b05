"""Projects: parties, subcontracting chain, S-724 duties and site liaison."""
